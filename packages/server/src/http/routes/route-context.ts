import type { Config } from '../../config/config.js';
import type { DomainDeps } from '../../domain/context.js';

export interface RouteContext {
  deps: DomainDeps;
  config: Readonly<Config>;
}
