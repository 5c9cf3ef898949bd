/**
 * `ci_intake`: where CI systems send their job results (POST /ci/intake/<system>), and the secret
 * each must prove it knows. An intake without an entry here answers 404, so nothing is accepted by
 * accident. Secrets are masked in every API read.
 */
import { z } from 'zod';
import { duration } from './primitives.js';

const DAY = 86_400_000;

const secret = (what: string) =>
  z.string().min(16, 'expected at least 16 characters: a guessable secret lets anyone write CI results').max(1000).meta({ description: what });

export const ciIntakeSchema = z
  .strictObject({
    github: z
      .strictObject({ secret: secret('The webhook secret set in GitHub; X-Hub-Signature-256 (HMAC-SHA256 of the body) is verified with it') })
      .optional()
      .meta({ description: 'GitHub Actions: workflow_job and workflow_run webhooks at /ci/intake/github' }),
    gitlab: z
      .strictObject({ token: secret('The secret token set in GitLab, sent as X-Gitlab-Token') })
      .optional()
      .meta({ description: 'GitLab: job and pipeline events at /ci/intake/gitlab' }),
    jenkins: z
      .strictObject({ token: secret('Sent as Authorization: Bearer <token>') })
      .optional()
      .meta({ description: "Jenkins: the Notification plugin's JSON at /ci/intake/jenkins" }),
    buildkite: z
      .strictObject({ token: secret('The webhook token shown in Buildkite, sent as X-Buildkite-Token') })
      .optional()
      .meta({ description: 'Buildkite: job.finished and build.finished webhooks at /ci/intake/buildkite' }),
    json: z
      .strictObject({ token: secret('Sent as Authorization: Bearer <token>') })
      .optional()
      .meta({ description: 'Any other CI system or script: plain JSON jobs at /ci/intake/json' }),
    retention: duration()
      .refine((ms) => ms >= 8 * DAY, 'expected at least 8d: the history baseline reads the same hour over the last 7 days')
      .prefault('30d')
      .meta({ description: 'How long received CI jobs are kept (at least 8d)' }),
  })
  .prefault({})
  .meta({ description: 'Intake of CI job results, judged by ci monitors (docs/ci.md)' });

export type CiIntakeConfig = z.output<typeof ciIntakeSchema>;
export type CiSystem = Exclude<keyof CiIntakeConfig, 'retention'>;
export const CI_SYSTEMS = ['github', 'gitlab', 'jenkins', 'buildkite', 'json'] as const satisfies readonly CiSystem[];
