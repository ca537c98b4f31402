export interface PlatformInfo {
  name: 'Tijori';
  version: string;
  apiVersion: 'v1';
  schemaVersion: string;
}

/** Public and actor-free: nothing here belongs to anyone. */
export async function readPlatformInfo(deps: { schemaInfo: { latestApplied(): Promise<string | undefined> }; version: string }): Promise<PlatformInfo> {
  return { name: 'Tijori', version: deps.version, apiVersion: 'v1', schemaVersion: (await deps.schemaInfo.latestApplied()) ?? '' };
}
