import type { CountryCode } from 'libphonenumber-js';
import { applySettings, type IdentitySettings } from './identity-settings';
import { MatchModelStore } from './match-model.store';
import { ProbabilisticResolver } from './probabilistic.resolver';
import { DEFAULT_RESOLUTION_CONFIG, type ResolutionConfig } from './resolution-config';
import { startMatchModel } from './start-match-model';

/** The engine configuration ingestion resolves with: the defaults, the region, then the team's settings. */
export function liveResolutionConfig(defaultRegion: CountryCode, settings: IdentitySettings = {}): ResolutionConfig {
  return applySettings({ ...DEFAULT_RESOLUTION_CONFIG, defaultRegion }, settings, settings.startModel ?? startMatchModel());
}

/** The default resolver of ingestion: incremental, probabilistic, with its model kept in the store. */
export function createIdentityResolver(options: { defaultRegion: CountryCode; settings?: IdentitySettings }): ProbabilisticResolver {
  const config = liveResolutionConfig(options.defaultRegion, options.settings);
  return new ProbabilisticResolver(config, new MatchModelStore(options.settings?.startModel ?? startMatchModel()));
}
