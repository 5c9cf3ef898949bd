// `node --import` this file to record which module imports which (hooks.mjs), for module-graph tests.
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url));
