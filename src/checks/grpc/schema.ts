import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const grpcSettings = z
  .strictObject({
    host: host().meta({ description: 'Host name or IP address of the gRPC server' }),
    port: port().meta({ description: 'TCP port of the gRPC server' }),
    service: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_.\-/]*$/, 'expected a service name such as myapp.v1.Orders (letters, digits, ".", "_", "-", "/")')
      .default('')
      .meta({ description: 'The service whose health is asked with grpc.health.v1.Health/Check (e.g. myapp.v1.Orders); empty: the server as a whole' }),
    tls: z.boolean().default(false).meta({ description: 'gRPC over TLS (ALPN h2); false: plaintext HTTP/2 with prior knowledge' }),
    verify_tls: z.boolean().default(true).meta({ description: 'With tls: refuse an untrusted certificate or one that does not cover the name' }),
    servername: z.string().min(1).max(253).optional().meta({ description: 'With tls: the SNI name and the name the certificate must cover; absent: host' }),
    ca_file: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .meta({ description: "With tls: PEM file of the authorities to trust instead of the system's (a private CA)" }),
  })
  .refine((s) => s.tls || (s.ca_file === undefined && s.servername === undefined), {
    message: 'expected ca_file and servername only with tls: true',
    path: ['tls'],
  });

export type GrpcSettings = z.infer<typeof grpcSettings>;
