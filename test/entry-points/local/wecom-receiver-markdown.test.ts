import { describe, expect, it } from 'vitest';
import { renderRobotMessage } from '../../../functions/entry-points/local/wecom-robot-markdown.ts';

/**
 * The receiver page shows a robot message as the WeCom client does: the documented subset of markdown
 * rendered, everything else as the literal text, every character escaped.
 */

const md = (content: string) => renderRobotMessage(content, 'markdown');

describe('WeCom robot markdown on the receiver page', () => {
  it('renders headings 1 to 6, but only with a space after the #s', () => {
    expect(md('# 一')).toBe('<h1>一</h1>');
    expect(md('###### 六')).toBe('<h6>六</h6>');
    expect(md('## 晨报 2026-11-20（1/3）')).toBe('<h2>晨报 2026-11-20（1/3）</h2>');
    expect(md('#没有空格')).toBe('<p>#没有空格</p>');
    expect(md('####### 七')).toBe('<p>####### 七</p>');
    expect(md(' # 缩进')).toBe('<p> # 缩进</p>');
  });

  it('renders bold, links, inline code and the three font colours', () => {
    expect(md('**张三** 的客户')).toBe('<p><strong>张三</strong> 的客户</p>');
    expect(md('[修改](https://work.weixin.qq.com/x?a=1&b=2)')).toBe(
      '<p><a href="https://work.weixin.qq.com/x?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">修改</a></p>',
    );
    expect(md('同步到`邮箱`')).toBe('<p>同步到<code>邮箱</code></p>');
    expect(
      md('<font color="info">绿</font><font color="comment">灰</font><font color="warning">橙</font>'),
    ).toBe(
      '<p><span class="font-info">绿</span><span class="font-comment">灰</span><span class="font-warning">橙</span></p>',
    );
  });

  it('nests what the robot nests: bold in a colour, a colour in a heading and a quote', () => {
    expect(md('# **【测试】**<font color="warning">**12 例**</font>')).toBe(
      '<h1><strong>【测试】</strong><span class="font-warning"><strong>12 例</strong></span></h1>',
    );
    expect(md('> 类型：<font color="comment">用户反馈</font>')).toBe(
      '<blockquote class="level-1"><p>类型：<span class="font-comment">用户反馈</span></p></blockquote>',
    );
  });

  it('renders <@userid> as a mention and keeps ids the robot would not accept as text', () => {
    expect(md('<@zhangsan> 早上好')).toBe('<p><span class="mention">@zhangsan</span> 早上好</p>');
    expect(md('<@zhang san>')).toBe('<p>&lt;@zhang san&gt;</p>');
  });

  it('groups consecutive > lines into one quote and keeps every line break and blank line', () => {
    expect(md('今日\n> 一\n>二\n\n尾')).toBe(
      '<p>今日</p><blockquote class="level-1"><p>一</p><p>二</p></blockquote><p class="blank"></p><p>尾</p>',
    );
  });

  it('shows what the markdown type does not support as the literal text: lists, italics, tables, other tags and colours', () => {
    expect(md('- 一项\n1. 第一')).toBe('<p>- 一项</p><p>1. 第一</p>');
    expect(md('*斜体*')).toBe('<p>*斜体*</p>');
    expect(md('| a | b |')).toBe('<p>| a | b |</p>');
    expect(md('<font color="red">红</font>')).toBe(
      '<p>&lt;font color=&quot;red&quot;&gt;红&lt;/font&gt;</p>',
    );
    expect(md('<b>粗</b>')).toBe('<p>&lt;b&gt;粗&lt;/b&gt;</p>');
    expect(md('<font color="info">没有结束')).toBe('<p>&lt;font color=&quot;info&quot;&gt;没有结束</p>');
    expect(md('**没有结束')).toBe('<p>**没有结束</p>');
    expect(md('`跨\n行`')).toBe('<p>`跨</p><p>行`</p>');
    expect(md('`**不是粗体**`')).toBe('<p><code>**不是粗体**</code></p>');
  });

  it('never lets content become markup: script, an img with onerror, a javascript: link, quotes in a URL', () => {
    const html = md(
      '<script>alert(1)</script>\n<img src=x onerror="alert(2)">\n[点我](javascript:alert(3))\n' +
        '[x](https://a.example/"onmouseover="alert(4))\n**<img src=x onerror=alert(5)>**\n' +
        '<font color="info"><script>alert(6)</script></font>',
    );
    expect(html).not.toMatch(/<(script|img)/);
    expect(html).not.toContain('href="javascript');
    expect(html).not.toMatch(/"onmouseover=/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    expect(html).toContain('[点我](javascript:alert(3))');
    expect(html).toContain('href="https://a.example/&quot;onmouseover=&quot;alert(4"');
    expect(html).toContain('<strong>&lt;img src=x onerror=alert(5)&gt;</strong>');
    expect(html).toContain('<span class="font-info">&lt;script&gt;alert(6)&lt;/script&gt;</span>');
  });

  it('renders only mentions in text messages, and neither colours nor mentions in markdown_v2', () => {
    expect(renderRobotMessage('# 不是标题 **也不粗** <@lisi>\n> 不是引用', 'text')).toBe(
      '<p># 不是标题 **也不粗** <span class="mention">@lisi</span></p><p>&gt; 不是引用</p>',
    );
    expect(
      renderRobotMessage('## 标题 **粗** <font color="info">绿</font> <@lisi>\n>> 二级', 'markdown_v2'),
    ).toBe(
      '<h2>标题 <strong>粗</strong> &lt;font color=&quot;info&quot;&gt;绿&lt;/font&gt; &lt;@lisi&gt;</h2>' +
        '<blockquote class="level-2"><p>二级</p></blockquote>',
    );
  });

  it('shows a digest line the notifier writes as a rep would see it', () => {
    // Shaped like render-digest-wecom.ts output: full-width look-alikes for markup in shop names.
    const html = md(
      '1. **＊好又多＊超市** <font color="comment">C-001</font>（重要） <font color="warning">新增</font>\n' +
        '> 风险 **62%**：40 天未下单\n> <font color="comment">上期销售额 ¥3,000.00 · 距上次下单 40 天</font>',
    );
    expect(html).toBe(
      '<p>1. <strong>＊好又多＊超市</strong> <span class="font-comment">C-001</span>（重要） <span class="font-warning">新增</span></p>' +
        '<blockquote class="level-1"><p>风险 <strong>62%</strong>：40 天未下单</p>' +
        '<p><span class="font-comment">上期销售额 ¥3,000.00 · 距上次下单 40 天</span></p></blockquote>',
    );
  });
});
