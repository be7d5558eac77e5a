/**
 * Chat logs: which speakers are the agent. The built-in list, the config's `agent-speakers`
 * (validated like every config key), and the bin reading a chat-log table with that config.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { parseCsv } from '../src/sources/table.js';
import { DEFAULT_AGENT_SPEAKERS, isAgent } from '../src/sources/speakers.js';
import { huashu, tempDir } from './support.js';

const LOG = '时间,角色,消息内容\n10:00,顾客,你们保证正品吗\n10:01,小蜜,亲，我保证是正品\n10:02,客服,亲，我保证今天发货\n10:03,小蜜助手,亲，在的\n';

describe('isAgent', () => {
  it('matches the built-in names case-insensitively after trimming; 客服* is a prefix', () => {
    expect(DEFAULT_AGENT_SPEAKERS).toContain('客服*');
    expect(isAgent(' Seller ', false)).toBe(true);
    expect(isAgent('客服', false)).toBe(true);
    expect(isAgent('客服小美', false)).toBe(true);
    expect(isAgent('小客服', false)).toBe(false);
    expect(isAgent('', false)).toBe(false);
  });

  it('given speakers replace the built-in ones; a trailing * makes a prefix', () => {
    expect(isAgent('客服', false, ['小蜜'])).toBe(false);
    expect(isAgent('小蜜', false, ['小蜜'])).toBe(true);
    expect(isAgent('小蜜助手', false, ['小蜜'])).toBe(false);
    expect(isAgent('小蜜助手', false, ['小蜜*'])).toBe(true);
    // Flag columns are not speaker names: the list does not apply to them.
    expect(isAgent('1', true, ['小蜜'])).toBe(true);
  });

  it('parseCsv lints only the rows the speakers name', () => {
    expect(parseCsv('log.csv', LOG).drafts.map((d) => d.record?.row)).toEqual([4]);
    expect(parseCsv('log.csv', LOG, { agentSpeakers: ['小蜜*', '客服'] }).drafts.map((d) => d.record?.row)).toEqual([3, 4, 5]);
  });
});

describe('config agent-speakers', () => {
  it('reads a list or a single string', () => {
    expect(parseConfig('.huashurc.yaml', 'agent-speakers: [小蜜, 客服*]\n').config.agentSpeakers).toEqual(['小蜜', '客服*']);
    expect(parseConfig('.huashurc.yaml', 'agent-speakers: 小蜜\n').config.agentSpeakers).toEqual(['小蜜']);
    expect(parseConfig('.huashurc.yaml', 'locale: tw\n').config.agentSpeakers).toBeUndefined();
  });

  it('points at a bad value with file:line:column', () => {
    const at = (text: string) => parseConfig('.huashurc.yaml', text).problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    expect(at('locale: tw\nagent-speakers: []\n')).toEqual(['.huashurc.yaml:2:17: agent-speakers must name at least one speaker (leave the key out for the built-in list)']);
    expect(at('agent-speakers:\n  - 小蜜\n  - {a: 1}\n')).toEqual(['.huashurc.yaml:3:5: each item of agent-speakers must be a non-empty string']);
    expect(at('agent-speekers: [小蜜]\n')[0]).toMatch(/^\.huashurc\.yaml:1:1: unknown key "agent-speekers" in the config \(did you mean "agent-speakers"\?\)/);
  });

  it('the bin reads the config and lints the agent lines it names', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'log.csv'), LOG);
    const rows = (r: { stdout: string }) => (JSON.parse(r.stdout) as { messages: { record: { row: number } }[] }[])[0]!.messages.map((m) => m.record.row);
    expect(rows(huashu(['--format', 'json', 'log.csv'], { cwd: dir }))).toEqual([4]);
    writeFileSync(join(dir, '.huashurc.yaml'), '# 我们的机器人叫小蜜\nagent-speakers: [小蜜*]\n');
    expect(rows(huashu(['--format', 'json', 'log.csv'], { cwd: dir }))).toEqual([3]);
    writeFileSync(join(dir, '.huashurc.yaml'), 'agent-speakers: {小蜜: 1}\n');
    const bad = huashu(['log.csv'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^\.huashurc\.yaml:1:17: /);
  });
});
