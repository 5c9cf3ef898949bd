/** Response bodies of the probe agent routes (/agent/v1/…) and of /api/v1/agent-tokens. */
import { z } from 'zod';
import { statusSchema } from './api-monitors.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });

export const locationStateSchema = z.strictObject({
  location: z.string(),
  status: statusSchema.meta({ description: "The location's own latest status; unknown when it has not reported or its result is stale" }),
  at: ms().optional(),
  message: z.string(),
  stale: z.boolean().meta({ description: 'No result within 2 × interval + 30 s: counted as unknown by the quorum' }),
});

export const agentTokenSchema = z.strictObject({
  id: z.string(),
  location: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'The first characters of the secret, to recognise it' }),
  created_at: ms(),
  last_seen_at: ms().nullable(),
  revoked_at: ms().nullable(),
});

export const agentTokenListResponse = z.strictObject({ agent_tokens: z.array(agentTokenSchema) });
export const agentTokenCreatedResponse = z.strictObject({
  agent_token: agentTokenSchema,
  secret: z.string().meta({ description: 'Shown once: only its hash is kept' }),
});
export const agentTokenResponse = z.strictObject({ agent_token: agentTokenSchema });

export const agentMonitorSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  interval: z.number().meta({ description: 'Milliseconds' }),
  timeout: z.number().meta({ description: 'Milliseconds' }),
  settings: z.record(z.string(), z.unknown()).meta({ description: "What the check needs, secrets it uses included; nothing else of the monitor's definition" }),
});

/** GET /agent/v1/monitors: the version the agent holds, to wait for the next change. */
export const agentPollQuery = z.strictObject({
  version: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional()
    .meta({ description: 'The version of the definitions the agent runs; absent: answer at once' }),
});

export const agentDefinitionsResponse = z.strictObject({
  location: z.string(),
  version: z.string().meta({ description: 'Send it back as ?version= to wait for the next change' }),
  poll_ms: z.number().int().meta({ description: 'How long a poll waits at most; an agent silent for 3 of them is reported missing' }),
  monitors: z.array(agentMonitorSchema),
});

export const agentResultsResponse = z.strictObject({
  accepted: z.number().int(),
  ignored: z.array(z.strictObject({ index: z.number().int(), reason: z.string() })).meta({
    description: 'Results not taken (a monitor no longer run at this location): the agent drops them',
  }),
});

/** What an agent posts: its results in order, with the time each check started. */
export const MAX_AGENT_BATCH = 500;
export const agentResultSchema = z.strictObject({
  monitor_id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/),
  at: z.number().int().min(0),
  status: statusSchema,
  latency_ms: z.number().min(0).max(86_400_000),
  message: z.string().max(2000),
  timings: z.record(z.string().max(40), z.number()).refine((t) => Object.keys(t).length <= 32, 'at most 32 phases'),
  metrics: z
    .record(z.string().max(100), z.number())
    .refine((m) => Object.keys(m).length <= 100, 'at most 100 metrics')
    .optional(),
});
export const agentResultsBody = z.strictObject({ results: z.array(agentResultSchema).min(1).max(MAX_AGENT_BATCH) });
export type AgentResult = z.output<typeof agentResultSchema>;
