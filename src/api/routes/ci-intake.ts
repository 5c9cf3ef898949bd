/**
 * POST /ci/intake/<system>: CI job results in the formats CI systems send (GitHub Actions, GitLab,
 * Jenkins, Buildkite, plain JSON). Outside /api/ because each system proves itself its own way (an
 * HMAC of the body, a token header), not with a tocsin API token. Each intake answers 404 until
 * ci_intake.<system> is configured; the secret is compared in constant time before the body is even
 * parsed; a body that does not match the system's documented shape gets a 400 naming the field.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { fromBuildkiteBuild, fromBuildkiteJob, buildkiteBuildBody, buildkiteJobBody } from '../../checks/ci/payloads/buildkite.js';
import { ignored, type Delivery } from '../../checks/ci/payloads/fields.js';
import { fromWorkflowJob, fromWorkflowRun, workflowJobBody, workflowRunBody } from '../../checks/ci/payloads/github.js';
import { fromGitlabJob, fromGitlabPipeline, gitlabJobBody, gitlabPipelineBody } from '../../checks/ci/payloads/gitlab.js';
import { fromJenkins, jenkinsBody } from '../../checks/ci/payloads/jenkins.js';
import { fromPlain, plainJob } from '../../checks/ci/payloads/plain.js';
import type { Clock } from '../../lib/clock.js';
import { TocsinError } from '../../lib/errors.js';
import { isRecord } from '../../lib/is-record.js';
import type { Logger } from '../../lib/logger.js';
import { CI_SYSTEMS, type CiIntakeConfig, type CiSystem } from '../../schema/ci-intake.js';
import { CiJobIntake } from '../../services/ci-intake.js';
import type { Db } from '../../store/schema.js';
import { parseInput } from './route.js';

/** A job event is a few kB; a GitLab pipeline event lists every job of the pipeline, so it gets more room. */
export const CI_BODY_LIMIT = 1024 * 1024;
export const CI_GITLAB_BODY_LIMIT = 8 * 1024 * 1024;
const MAX_PLAIN_JOBS = 1000;

export interface CiIntakeDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The running config's ci_intake, read per request so a reload applies. */
  config(): CiIntakeConfig | undefined;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Equal-length digests, so neither the comparison's time nor its length says anything about the secret. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function refuse(message: string): never {
  throw new TocsinError('unauthorized', message);
}

function authenticate(system: CiSystem, config: CiIntakeConfig, request: FastifyRequest, raw: Buffer): void {
  switch (system) {
    case 'github': {
      const signature = header(request, 'x-hub-signature-256');
      if (!signature) refuse('missing X-Hub-Signature-256: set the webhook secret in GitHub to ci_intake.github.secret');
      const expected = `sha256=${createHmac('sha256', config.github!.secret).update(raw).digest('hex')}`;
      if (!sameSecret(signature.toLowerCase(), expected)) refuse('X-Hub-Signature-256 does not match the body signed with ci_intake.github.secret');
      return;
    }
    case 'gitlab':
      return checkToken(header(request, 'x-gitlab-token'), config.gitlab!.token, 'X-Gitlab-Token', 'ci_intake.gitlab.token');
    case 'buildkite':
      return checkToken(header(request, 'x-buildkite-token'), config.buildkite!.token, 'X-Buildkite-Token', 'ci_intake.buildkite.token');
    case 'jenkins':
    case 'json':
      return checkToken(bearer(request), config[system]!.token, 'Authorization: Bearer <token>', `ci_intake.${system}.token`);
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(request, 'authorization') ?? '');
  return match?.[1];
}

function checkToken(given: string | undefined, expected: string, where: string, setting: string): void {
  if (given === undefined || given === '') refuse(`missing ${where}: send the token set in ${setting}`);
  if (!sameSecret(given, expected)) refuse(`${where} does not match ${setting}`);
}

function jsonOf(raw: Buffer): unknown {
  if (raw.length === 0) throw new TocsinError('invalid_input', 'body: expected a JSON object, got an empty body', { field: 'body', expected: 'a JSON object' });
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new TocsinError('invalid_input', `body: not JSON (${(error as Error).message})`, { field: 'body', expected: 'a JSON object' });
  }
}

const parse = <T>(schema: z.ZodType<T>, body: unknown): T => parseInput(schema, body, 'body');

/** What one delivery holds, by system: the finished jobs in it, or why it holds none. */
function deliveriesOf(system: CiSystem, body: unknown, request: FastifyRequest, receivedAt: number): Delivery[] | 'pong' {
  const kind = (field: string) => (isRecord(body) && typeof body[field] === 'string' ? body[field] : undefined);
  switch (system) {
    case 'github': {
      const event = header(request, 'x-github-event');
      if (event === 'ping') return 'pong';
      if (event === 'workflow_job') return [fromWorkflowJob(parse(workflowJobBody, body), receivedAt)];
      if (event === 'workflow_run') return [fromWorkflowRun(parse(workflowRunBody, body))];
      if (event === undefined)
        throw new TocsinError('invalid_input', 'header X-GitHub-Event: missing', { field: 'X-GitHub-Event', expected: 'workflow_job or workflow_run' });
      return [ignored(`GitHub event ${event.slice(0, 50)} is not a CI job: subscribe the webhook to workflow jobs and workflow runs only`)];
    }
    case 'gitlab': {
      const objectKind = kind('object_kind');
      if (objectKind === 'build') return [fromGitlabJob(parse(gitlabJobBody, body), receivedAt)];
      if (objectKind === 'pipeline') return [fromGitlabPipeline(parse(gitlabPipelineBody, body), receivedAt)];
      if (objectKind === undefined)
        throw new TocsinError('invalid_input', 'body object_kind: expected "build" or "pipeline"', { field: 'object_kind', expected: 'build or pipeline' });
      return [ignored(`GitLab ${objectKind.slice(0, 50)} events are not CI jobs: enable job and pipeline events only`)];
    }
    case 'buildkite': {
      const event = header(request, 'x-buildkite-event') ?? kind('event');
      if (event === 'ping') return 'pong';
      if (event === 'job.finished') return [fromBuildkiteJob(parse(buildkiteJobBody, body), receivedAt)];
      if (event === 'build.finished') return [fromBuildkiteBuild(parse(buildkiteBuildBody, body), receivedAt)];
      if (event === undefined) throw new TocsinError('invalid_input', 'body event: missing', { field: 'event', expected: 'job.finished or build.finished' });
      return [ignored(`Buildkite ${event.slice(0, 50)}: only job.finished and build.finished are kept`)];
    }
    case 'jenkins':
      return [fromJenkins(parse(jenkinsBody, body), receivedAt)];
    case 'json': {
      if (!Array.isArray(body)) return [fromPlain(parse(plainJob, body))];
      if (body.length === 0 || body.length > MAX_PLAIN_JOBS) {
        throw new TocsinError('invalid_input', `body: expected 1 to ${MAX_PLAIN_JOBS} jobs, got ${body.length}`, {
          field: 'body',
          expected: `1 to ${MAX_PLAIN_JOBS} jobs`,
        });
      }
      return body.map((item, i) => {
        try {
          return fromPlain(parse(plainJob, item));
        } catch (error) {
          // Name the job in the batch: "body[3].status: …".
          if (error instanceof TocsinError) throw new TocsinError('invalid_input', error.message.replace(/^body /, `body[${i}].`), error.details);
          throw error;
        }
      });
    }
  }
}

export function registerCiIntake(app: FastifyInstance, deps: CiIntakeDeps): void {
  const intake = new CiJobIntake({ db: deps.db, clock: deps.clock, logger: deps.logger, retention: () => deps.config()?.retention ?? 30 * 86_400_000 });
  void app.register(async (scope) => {
    // The raw bytes, not parsed JSON: GitHub's signature is over the body exactly as sent.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const system of CI_SYSTEMS) {
      scope.post(`/ci/intake/${system}`, { bodyLimit: system === 'gitlab' ? CI_GITLAB_BODY_LIMIT : CI_BODY_LIMIT }, async (request, reply) => {
        const config = deps.config();
        if (!config?.[system]) throw new TocsinError('not_found', `no CI intake for ${system}: add ci_intake.${system} to tocsin.yaml`);
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        authenticate(system, config, request, raw);
        const received = deliveriesOf(system, jsonOf(raw), request, deps.clock.now());
        if (received === 'pong') return { pong: true };
        const jobs = received.flatMap((d) => (d.kind === 'job' ? [d.job] : []));
        const skipped = received.flatMap((d) => (d.kind === 'ignored' ? [d.reason] : []));
        await intake.receive(jobs);
        // 202: understood and kept nothing; CI systems treat it as delivered, so they do not retry.
        if (jobs.length === 0) return reply.status(202).send({ accepted: 0, ignored: skipped[0] });
        return { accepted: jobs.length, jobs: jobs.slice(0, 20).map((j) => ({ id: j.id, outcome: j.outcome })) };
      });
    }
    scope.post('/ci/intake/:other', async (request) => {
      const { other } = request.params as { other: string };
      throw new TocsinError('not_found', `no CI intake "${other.slice(0, 50)}": expected one of ${CI_SYSTEMS.join(', ')}`);
    });
  });
}
