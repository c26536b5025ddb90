/**
 * The customer's name as an employee typed it in a WeCom remark, when the remark reads as one. Employees
 * type a name (王芳), a name with a note (王芳-上海, 王芳（展会）) or a form of address (王女士, 张总, and
 * 李部长 in WeCom's own batch/get_by_user example). The first is a name; the second is one without its note;
 * the third is a surname and a title, which as a name would make every 王女士 agree with every other.
 */
export function nameFromRemark(remark: string | undefined): string | undefined {
  const typed = remark?.trim();
  if (!typed) return undefined;
  return HANZI.test(typed) ? hanziName(typed) : latinName(typed);
}

const HANZI = /\p{Script=Han}/u;
// A name in hanzi (· joins the parts of a transcribed name), then nothing or a note after any separator.
const HANZI_NAME_THEN_NOTE = /^([\p{Script=Han}·]+)(?:[\s\p{P}\p{S}].*)?$/u;
// One- and two-character surnames with a title: 王女士, 欧阳先生, 张总, 李部长, 陈姐.
const HANZI_FORM_OF_ADDRESS = /^\p{Script=Han}{1,2}(?:先生|女士|小姐|太太|夫人|老师|经理|部长|主任|老板|阿姨|总|姐|哥|叔)$/u;
// A Latin note starts after a spaced dash or a bracket; a hyphen inside a name (Mary-Jane) is not one.
const LATIN_NOTE = /\s+[-–—]\s+|[|/\\(（[【:：]/u;
const LATIN_NAME = /^\p{L}[\p{L}\p{M}' .,-]*$/u;
const LATIN_FORM_OF_ADDRESS = /^(?:mr|mrs|ms|miss|dr|mx)\.?\s+\S+$/i;
const MAX_NAME = 100;

function hanziName(typed: string): string | undefined {
  const name = HANZI_NAME_THEN_NOTE.exec(typed)?.[1];
  if (name === undefined) return undefined;
  // Chinese names are two to four characters; longer text without a separator is a note (上海展会客户).
  if (!name.includes('·') && (name.length < 2 || name.length > 4)) return undefined;
  return HANZI_FORM_OF_ADDRESS.test(name) ? undefined : name;
}

function latinName(typed: string): string | undefined {
  const name = typed.split(LATIN_NOTE)[0].trim();
  if (name.length > MAX_NAME || !LATIN_NAME.test(name)) return undefined;
  return LATIN_FORM_OF_ADDRESS.test(name) ? undefined : name;
}
