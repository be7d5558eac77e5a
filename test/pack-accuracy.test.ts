/**
 * The built-in pack as a whole, on sentences written for this test (not from any corpus): the
 * traps named in the rule-pack issue are never flagged, and one paraphrase per principle is
 * flagged by the rule that owns it — in Simplified and Traditional.
 */
import { describe, expect, it } from 'vitest';
import { builtinPack } from '../src/files.js';
import { createLinter } from '../src/linter.js';
import { parseText } from '../src/sources/text.js';

const linter = createLinter(builtinPack());
const rulesFlagging = async (text: string) => (await linter.lint(parseText('t', text))).map((f) => f.ruleId);

describe('the built-in pack leaves the traps alone', () => {
  const traps = [
    '保证金已经退回到您的账户了，请注意查收。',
    '这是保证书的模板，您填好后发给我们就可以。',
    '这个参数取的是绝对值。',
    '我们的服务得到了很多顾客的肯定。',
    '不过您可以先领券再下单，这样更划算哦。',
    '我们会第一时间为您安排发货。',
    '支持微信支付，也可以用微信零钱付款。',
    '京东物流一般次日就能送达。',
    '您的订单号是202311230001234567，请查收。',
    '这是我们应该做的，感谢您的理解。',
    '这款暂时无法保证当天发出，我们会尽快安排。',
    '亲，您的订单{订单号}已发出[微笑]，请留意物流信息哦。',
    '親，保證金已經退回到您的帳戶了。',
    '我們會第一時間為您安排出貨。',
  ];
  for (const trap of traps) {
    it(trap, async () => {
      expect(await rulesFlagging(trap)).toEqual([]);
    });
  }
  it('does not read a hedge (不保证) as a promise', async () => {
    expect(await rulesFlagging('我们不保证快递的具体时效，会帮您催一下。')).not.toContain('no-guarantee');
  });
});

describe('the built-in pack flags each principle where it applies', () => {
  const cases: [string, string][] = [
    ['难道您没看到详情页写着吗？', 'no-rhetorical-question'],
    ['你给我快点付款。', 'no-command'],
    ['这是你自己没看清楚。', 'no-blame'],
    ['这个不归我管。', 'no-shirking'],
    ['你烦不烦啊，爱买不买。', 'no-impatience'],
    ['我这里不还价。', 'no-flat-refusal'],
    ['有问题加我ｖｘ：abc123。', 'no-off-platform'],
    ['收件人电话 138 1234 5678，地址已备注。', 'no-personal-info'],
    ['木有货了亲。', 'no-slang'],
    ['灰常抱歉！！！', 'no-excessive-punctuation'],
    ['你好，请问有什么可以帮您？', 'prefer-nin'],
    ['这款是全网最低价。', 'no-absolute-claims'],
    ['不好意思，这个不能退。', 'give-reasons'],
    ['我保证明天一定发货。', 'no-guarantee'],
    ['但是这个颜色没有了。', 'no-but'],
    ['京东卖的都是假货。', 'no-competitor-bashing'],
    ['很抱歉让你久等了。', 'positive-wording'],
    ['你錯了，不是那樣的！', 'you-to-i'],
    ['我不能给您改地址。', 'no-cannot'],
    ['難道您沒看到詳情頁寫著嗎？', 'no-rhetorical-question'],
    ['有問題加我ＶＸ，私下轉帳更便宜。', 'no-off-platform'],
    ['我保證明天一定發貨。', 'no-guarantee'],
  ];
  for (const [text, ruleId] of cases) {
    it(`${ruleId}: ${text}`, async () => {
      expect(await rulesFlagging(text)).toContain(ruleId);
    });
  }
});
