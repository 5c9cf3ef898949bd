import { z } from 'zod';

/**
 * Alerts pushed by other tools: `alertmanager` (POST /api/v1/integrations/alertmanager) and
 * `webhook` (POST /api/v1/integrations/webhook). Such monitors are made by the intake, one per
 * alert; they are never polled and cannot be configured in tocsin.yaml or created through the API.
 */
export const inboundSettings = z.strictObject({
  source: z
    .string()
    .max(2048)
    .optional()
    .meta({ description: "Where the alert can be seen at its source: Alertmanager's generatorURL or externalURL, or the webhook's url" }),
});

export type InboundSettings = z.infer<typeof inboundSettings>;
