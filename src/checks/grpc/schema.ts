import { z } from 'zod';
import { host, port } from '../../schema/primitives.js';

export const grpcSettings = z
  .strictObject({
    host: host(),
    port: port(),
    /** The service whose health is asked (e.g. "myapp.Orders"); empty: the server as a whole. */
    service: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_.\-/]*$/, 'expected a service name such as myapp.v1.Orders (letters, digits, ".", "_", "-", "/")')
      .default(''),
    /** gRPC over TLS (ALPN h2); plaintext HTTP/2 with prior knowledge otherwise. */
    tls: z.boolean().default(false),
    /** With tls: refuse an untrusted certificate or a name it does not cover. */
    verify_tls: z.boolean().default(true),
    /** With tls: SNI and the name the certificate must cover; defaults to `host`. */
    servername: z.string().min(1).max(253).optional(),
    /** With tls: PEM file of the authorities to trust instead of the system's (a private CA). */
    ca_file: z.string().min(1).max(1024).optional(),
  })
  .refine((s) => s.tls || (s.ca_file === undefined && s.servername === undefined), {
    message: 'expected ca_file and servername only with tls: true',
    path: ['tls'],
  });

export type GrpcSettings = z.infer<typeof grpcSettings>;
