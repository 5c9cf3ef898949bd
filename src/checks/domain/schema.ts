import { z } from 'zod';

const httpUrl = () => z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).max(2048);

/** IANA's bootstrap file for domain names (RFC 9224). */
export const IANA_DNS_BOOTSTRAP = 'https://data.iana.org/rdap/dns.json';

/** A registered name: letters, digits and hyphens (or U-labels), at least two labels. */
const DOMAIN = /^(?=.{1,253}\.?$)(?:(?!-)[\p{L}\p{N}-]{1,63}(?<!-)\.)+(?!-)[\p{L}\p{N}-]{2,63}(?<!-)\.?$/u;

export const domainSettings = z
  .strictObject({
    domain: z.string().regex(DOMAIN, 'expected a domain name such as example.org').meta({ description: 'The registered name, e.g. example.org' }),
    rdap_server: httpUrl()
      .optional()
      .meta({ description: 'An RDAP base URL to ask instead of the one the bootstrap file names for the TLD, e.g. https://rdap.verisign.com/com/v1/' }),
    warn_days: z.number().min(0).max(3650).default(30).meta({ description: 'Fewer days before the registration expires than this is degraded' }),
    critical_days: z.number().min(0).max(3650).default(7).meta({ description: 'Fewer days than this is down' }),
  })
  .refine((s) => s.critical_days <= s.warn_days, { message: 'expected critical_days to be at most warn_days', path: ['critical_days'] });

export type DomainSettings = z.infer<typeof domainSettings>;

/** server.rdap: where domain monitors find their registry's RDAP server. */
export const rdapDefaults = z
  .strictObject({
    bootstrap_url: httpUrl()
      .default(IANA_DNS_BOOTSTRAP)
      .meta({ description: "The RFC 9224 bootstrap file that maps a TLD to its RDAP server (IANA's dns.json)" }),
    server: httpUrl().optional().meta({ description: "Ask this RDAP server for every domain instead (a monitor's rdap_server still wins)" }),
  })
  .meta({ description: 'RDAP, for domain monitors: the bootstrap file or one server to ask' });

export type RdapDefaults = z.infer<typeof rdapDefaults>;
