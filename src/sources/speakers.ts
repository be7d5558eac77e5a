/**
 * Chat logs: which speaker values are the agent. Kept apart from the table parser so that the
 * runner (`huashu init` lists the defaults) can read them without loading csv-parse.
 */

/**
 * Speaker values that are the agent, unless the config's `agent-speakers` replaces them. Compared
 * after trimming, case-insensitively; a value ending in `*` is a prefix (`客服*`: 客服, 客服小美).
 */
export const DEFAULT_AGENT_SPEAKERS = ['客服*', '商家', '卖家', '店家', '店铺', '掌柜', '人工客服', '售前客服', '售后客服', 'waiter', 'agent', 'seller', 'staff', 'service', 'cs'];
/** Flag values meaning "said by the agent". */
export const FLAG_VALUES = ['1', 'true', 'yes', 'y', '是'];

/**
 * Whether a speaker cell says the agent sent the line: a flag column's value is one of
 * FLAG_VALUES; a speaker column's value is one of `speakers` (see DEFAULT_AGENT_SPEAKERS).
 */
export function isAgent(value: string, flag: boolean, speakers: readonly string[] = DEFAULT_AGENT_SPEAKERS): boolean {
  const v = value.trim().toLowerCase();
  if (flag) return FLAG_VALUES.includes(v);
  if (!v) return false;
  return speakers.some((s) => {
    const name = s.trim().toLowerCase();
    return name.endsWith('*') ? v.startsWith(name.slice(0, -1)) : v === name;
  });
}
