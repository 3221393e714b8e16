// Configuration parsed once into frozen objects.
export { dbTargetFrom, type Env, type ServeConfig, type ServeFlags, serveConfig } from './serve.js';
