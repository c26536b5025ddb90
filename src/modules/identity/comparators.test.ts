import { describe, expect, it } from 'vitest';
import { codeLevel, dateLevel, emailLevel, nameLevel, organisationLevel, phoneLevel, textLevel, tokenSetLevel } from './comparators';
import { normalizeEmail, normalizePhone } from '../../../connectors/sdk/records';

const email = (raw: string) => normalizeEmail(raw)!;
const phone = (raw: string, region: 'CN' | 'US' = 'CN') => normalizePhone(raw, region)!;

describe('comparators', () => {
  it('grades text from exact through close and similar to different', () => {
    expect(textLevel('burkitt st', 'burkitt st')).toBe(0);
    expect(textLevel('burkitt st', 'burkit st')).toBe(1);
    expect(textLevel('pettingill', 'petingal')).toBe(2);
    expect(textLevel('olivia', 'connor')).toBe(3);
  });

  it('lets names that sound alike count as similar', () => {
    expect(textLevel('catherine', 'kathryn')).toBe(3);
    expect(nameLevel('catherine', 'kathryn', 'K0RN', 'K0RN')).toBe(2);
  });

  it('treats one wrong or two swapped characters of a code as a typo', () => {
    expect(codeLevel('4226', '4226')).toBe(0);
    expect(codeLevel('4226', '4236')).toBe(1);
    expect(codeLevel('2710', '2170')).toBe(1);
    expect(codeLevel('9036067', '9030076')).toBe(2);
  });

  it('compares organisation names word by word, ignoring order and tolerating extra words', () => {
    expect(tokenSetLevel(['army', 'salvation', 'temple'], ['army', 'salvation', 'temple'])).toBe(0);
    expect(tokenSetLevel(['army', 'salvation', 'temple'], ['army', 'salvation', 'tempel'])).toBe(1);
    expect(tokenSetLevel(['army', 'salvation'], ['board', 'colleges', 'trustees'])).toBe(3);
  });

  it('caps one trade name of two different industries at similar, and keeps what the words say otherwise', () => {
    const shengshi = (industry?: string) => ({ words: ['shengshi'], industry });
    expect(organisationLevel(shengshi('keji'), shengshi('keji'))).toBe(0);
    expect(organisationLevel(shengshi('keji'), shengshi('maoyi'))).toBe(2);
    expect(organisationLevel(shengshi('keji'), shengshi())).toBe(0);
    expect(organisationLevel({ words: ['shengshi'], industry: 'keji' }, { words: ['yuanya'], industry: 'keji' })).toBe(tokenSetLevel(['shengshi'], ['yuanya']));
    expect(organisationLevel({ words: ['shengshi'], industry: 'keji' }, { words: ['yuanya'], industry: 'maoyi' })).toBe(3);
  });

  it('counts a swapped day and month, or one wrong part, as a typo in a date', () => {
    const date = { year: 1990, month: 4, day: 3 };
    expect(dateLevel(date, { ...date })).toBe(0);
    expect(dateLevel(date, { year: 1990, month: 3, day: 4 })).toBe(1);
    expect(dateLevel(date, { ...date, year: 1991 })).toBe(1);
    expect(dateLevel(date, { year: 1991, month: 5, day: 3 })).toBe(2);
  });

  it('gives a phone partial agreement for the same subscriber number or a consistent mask', () => {
    expect(phoneLevel(phone('13812348000'), phone('+86 138 1234 8000'))).toBe(0);
    expect(phoneLevel(phone('226-2649', 'US'), phone('(312) 226-2649', 'US'))).toBe(1);
    expect(phoneLevel(phone('138****8000'), phone('13812348000'))).toBe(1);
    expect(phoneLevel(phone('+86 138****8000'), phone('13812348000'))).toBe(1);
    expect(phoneLevel(phone('138****8000'), phone('13912348001'))).toBe(2);
  });

  it('gives an e-mail partial agreement for the same mailbox elsewhere, a one-letter typo, or a consistent mask', () => {
    expect(emailLevel(email('j.doe@gmail.com'), email('jdoe+x@gmail.com'))).toBe(0);
    expect(emailLevel(email('jdoe@gmail.com'), email('jdoe@qq.com'))).toBe(1);
    expect(emailLevel(email('jdoe@gmail.com'), email('jdoe@gmial.com'))).toBe(1);
    // A digit apart is a family's numbered accounts, not a typo.
    expect(emailLevel(email('p0.bai@mail.cn'), email('p1.bai@mail.cn'))).toBe(2);
    expect(emailLevel(email('wang.wei@mail.cn'), email('wang.wi@mail.cn'))).toBe(1);
    expect(emailLevel(email('j***@qq.com'), email('jdoe@qq.com'))).toBe(1);
    expect(emailLevel(email('j***@qq.com'), email('mary@qq.com'))).toBe(2);
  });
});
