// The evening of each key zone (New Year's Eve, 19:00 → 01:30): density at the start, at the peak (23:30–00:15)
// and at the end, and how long a visitor stays. Plausible figures for a demo, not measurements. Stays are long (the
// crowd comes for the countdown and waits for it), so the gates carry 40–85 % of what they can pass during the
// build-up and go past 100 % only in a surge — shorter stays made every gate of 洪崖洞 and 十八梯 red all evening.

export interface ZoneProfile {
  code: string;
  slug: string;
  /** Persons/m² at 19:00, at the peak and at 01:30. */
  start: number;
  peak: number;
  end: number;
  /** Mean stay in minutes: at a steady crowd, occupancy ÷ stay persons leave (and arrive) each minute. */
  stayMinutes: number;
}

export const PROFILES: ZoneProfile[] = [
  { code: 'ZONE-JFB', slug: 'jiefangbei', start: 0.35, peak: 3.1, end: 0.25, stayMinutes: 120 },
  { code: 'ZONE-CTM', slug: 'chaotianmen', start: 0.3, peak: 2.6, end: 0.2, stayMinutes: 90 },
  { code: 'ZONE-HYD', slug: 'hongyadong', start: 0.6, peak: 3.4, end: 0.3, stayMinutes: 90 },
  { code: 'ZONE-SBT', slug: 'shibati', start: 0.4, peak: 2.3, end: 0.2, stayMinutes: 90 },
  { code: 'ZONE-SDTJ', slug: 'shidaitianjie', start: 0.8, peak: 2.1, end: 0.3, stayMinutes: 120 },
];

const GENERIC: Omit<ZoneProfile, 'code' | 'slug'> = { start: 0.3, peak: 2.0, end: 0.2, stayMinutes: 90 };

export function profileOf(code: string): ZoneProfile {
  return PROFILES.find((p) => p.code === code) ?? { code, slug: code.toLowerCase(), ...GENERIC };
}

/** A zone named by slug (jiefangbei) or code (ZONE-JFB). */
export function zoneCodeOf(name: string): string | null {
  const p = PROFILES.find((x) => x.slug === name.toLowerCase() || x.code === name.toUpperCase());
  return p?.code ?? (/^ZONE-[A-Z0-9-]+$/.test(name) ? name : null);
}

/** Minutes after 19:00 of the phases. */
export const EVENING = { peakStart: 270, midnight: 300, peakEnd: 315, end: 390 } as const;
/** The surge: from 23:35 the crowd at one zone grows far past its usual peak until 00:00, then crowd control brings it back by 00:30. */
export const SURGE = { from: 275, top: 300, until: 330, density: 5.4 } as const;
