// The HMAC presets by name: the one list the schema's `preset` enum mirrors.
import type { GenericHmacOptions, HmacPreset as PresetName } from '../../workflow/types.ts';
import { genericPreset } from './generic.ts';
import { githubPreset } from './github.ts';
import { shopifyPreset } from './shopify.ts';
import { slackPreset } from './slack.ts';
import { standardWebhooksPreset } from './standard-webhooks.ts';
import { stripePreset } from './stripe.ts';
import type { HmacPreset } from './types.ts';

const FIXED: Record<Exclude<PresetName, 'generic'>, HmacPreset> = {
  github: githubPreset,
  stripe: stripePreset,
  shopify: shopifyPreset,
  slack: slackPreset,
  'standard-webhooks': standardWebhooksPreset,
};

export const PRESET_NAMES: PresetName[] = [...(Object.keys(FIXED) as PresetName[]), 'generic'];

/** Throws with a user-facing message when the options do not make a preset. */
export function presetFor(name: PresetName, options: Partial<GenericHmacOptions>): HmacPreset {
  if (name === 'generic') {
    if (!options.header) throw new Error('the generic preset needs a header');
    return genericPreset(options as GenericHmacOptions);
  }
  const preset = FIXED[name];
  if (!preset) throw new Error(`unknown preset "${name}"; use one of ${PRESET_NAMES.join(', ')}`);
  return preset;
}
