// The Hono environment shared by every route: bindings from wrangler.toml and per-request variables.
import type { Limits } from './config';

export interface AppEnv {
  Bindings: Env;
  Variables: { limits: Limits };
}
