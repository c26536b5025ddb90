import { describe, expect, it } from 'vitest';
import { nameFromRemark } from './remark-name';

const read = (remarks: (string | undefined)[]) => remarks.map(nameFromRemark);

describe('the name in a WeCom remark', () => {
  it('takes a name in hanzi, without the note an employee typed after it', () => {
    expect(read(['王芳', ' 欧阳娜娜 ', '王芳-上海', '王芳（展会）', '王芳 VIP', '买买提·艾力'])).toEqual(['王芳', '欧阳娜娜', '王芳', '王芳', '王芳', '买买提·艾力']);
  });

  it('finds no name in a form of address, a lone surname, a note or a number', () => {
    expect(read(['王女士', '张总', '李部长', '欧阳先生', '陈姐-杭州', '王', '上海展会客户', '王芳13800138000', '', undefined])).toEqual(Array(10).fill(undefined));
  });

  it('takes a Latin name, hyphens and "Family, Given" included, without a note after a spaced dash', () => {
    expect(read(['Mary Smith', 'Mary-Jane Watson - trade fair', 'Smith, Mary', "O'Brien"])).toEqual(['Mary Smith', 'Mary-Jane Watson', 'Smith, Mary', "O'Brien"]);
  });

  it('finds no name in a title with a surname, an e-mail address or a phone number', () => {
    expect(read(['Mr. Smith', 'ms lee', 'mary@qq.com', '138 0013 8000'])).toEqual(Array(4).fill(undefined));
  });
});
