// Countries as the fan reads them. The codes are ISO 3166-1 alpha-2 (the 249 assigned ones, as
// the API validates them); names come from the browser's own Intl data, in the fan's language.

const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
  'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
  'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
  'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
  'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
  'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
  'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
  'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
  'VN VU WF WS YE YT ZA ZM ZW';

export const COUNTRY_CODES: readonly string[] = CODES.split(' ');

let names: Intl.DisplayNames | undefined;

/** "PT" → "Portugal" (in the browser's language); the code itself if the browser has no name. */
export function countryName(code: string): string {
  names ??= new Intl.DisplayNames(undefined, { type: 'region' });
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Codes sorted by their names as the fan reads them. */
export function byCountryName(codes: readonly string[]): string[] {
  return [...codes].sort((a, b) => countryName(a).localeCompare(countryName(b)));
}

/**
 * The country the browser's languages suggest: the first tag with a region (`pt-PT` → PT),
 * else the likely region of the first language (`de` → DE); undefined when none is known.
 */
export function countryOfLocale(languages: readonly string[]): string | undefined {
  const known = (region: string | undefined) =>
    region && COUNTRY_CODES.includes(region) ? region : undefined;
  for (const tag of languages) {
    const region = known(safeLocale(tag)?.region);
    if (region) return region;
  }
  const first = languages.at(0);
  return first ? known(safeLocale(first)?.maximize().region) : undefined;
}

function safeLocale(tag: string): Intl.Locale | undefined {
  try {
    return new Intl.Locale(tag);
  } catch {
    return undefined;
  }
}
