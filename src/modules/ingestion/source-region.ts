import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { quoteValue } from '../../../connectors/sdk/records';
import { HubError } from '../../errors/hub-error';

/**
 * A source's region as a person gives it (a connection's `region`, ingestRecords' `region`, `hub import
 * --region`): where its phones written without a country code are read when a record's own country says
 * nothing. An ISO 3166-1 alpha-2 code libphonenumber reads numbers in, in any case; `label` names the input
 * in the error, which says what to give instead.
 */
export function parseSourceRegion(raw: string, label = 'region'): CountryCode {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code)) {
    throw new HubError('BAD_USER_INPUT', `${label} '${quoteValue(raw)}' is not a region phone numbers can be read in: give an ISO 3166-1 alpha-2 code such as US, CN or GB.`);
  }
  return code;
}
