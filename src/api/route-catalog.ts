/**
 * Every route the app registers, as it registers them, so the OpenAPI document lists routes from
 * every module (the route table's, incidents', sign-in's) and none can be added without it.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiRoute } from './routes/route.js';

export interface CatalogEntry {
  method: string;
  url: string;
  /** The route table's spec (schemas, access, summary) when the route came from it. */
  spec?: ApiRoute;
}

const catalogs = new WeakMap<FastifyInstance, CatalogEntry[]>();

/** Call on the root app before any route is registered: child plugins inherit the hook. */
export function watchRoutes(app: FastifyInstance): void {
  const entries: CatalogEntry[] = [];
  catalogs.set(app, entries);
  app.addHook('onRoute', (route) => {
    const spec = specOf(route.config);
    // HEAD routes are Fastify's automatic twins of GET ones.
    for (const method of [route.method].flat().filter((m) => m !== 'HEAD')) entries.push({ method, url: route.url, ...(spec && { spec }) });
  });
}

/** What watchRoutes saw on this app, or undefined when it was not watched. */
export function routeCatalog(app: FastifyInstance): readonly CatalogEntry[] | undefined {
  return catalogs.get(app);
}

/** The route table's spec, which routes/route.ts puts in each route's config. */
function specOf(config: unknown): ApiRoute | undefined {
  return (config as { apiSpec?: ApiRoute } | undefined)?.apiSpec;
}
