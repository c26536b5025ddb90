import { codeLevel } from '../comparators';
/**
 * English given names and the short forms people go by (Bob for Robert, Liz for Elizabeth, Bill for William).
 * No maintained npm package carries such a list (checked December 2026: the registry has name generators,
 * not diminutive tables), so this is the common core of the published tables (Wiktionary's appendix of
 * English given names, the US Census nickname lists): one line per formal name, its short forms after it.
 * A short form may belong to several formal names (Al: Albert, Alfred, Alexander), and that is fine: two
 * names are variants when they share a formal name.
 */
const TABLE = `
abigail abby abbie gail
abraham abe bram
adam ad
adelaide addie adele della heidi
agnes aggie nessie
albert al bert bertie
alexander alex alec al sandy xander lex
alexandra alex alexa sandra sandy lexi
alfred al alf alfie fred freddie
alice allie ally alicia
alison ali allie ally
amanda mandy manda
amelia amy millie emily
andrew andy drew
angela angie
anna ann annie nan nancy
anne ann annie nan nancy
anthony tony ant
antonia toni tonia
arthur art artie
barbara barb barbie babs
benjamin ben benny benji
bernard bernie barney
beverly bev
bradley brad
brian bri
bridget bridie biddy
caroline carol carrie lina
catherine cathy kate katie kathy cat kitty cate
charles charlie chuck chas chaz carl
charlotte charlie lottie lotte char
christina chris chrissy tina kristina
christine chris chrissy tina
christopher chris kit topher
clifford cliff
constance connie
cynthia cindy
daniel dan danny
david dave davy
deborah deb debbie debby
dennis denny
dominic dom
donald don donny
dorothy dot dottie dolly dora
douglas doug
edmund ed eddie ned
edward ed eddie ted teddy ned
eleanor ellie nell nellie nora elle
elizabeth liz lizzie beth betty betsy eliza lisa libby bess bessie ellie
emily em emmy millie
emma em emmy
eugene gene
evelyn eve evie
frances fran frannie fanny
francis frank frankie fran
frederick fred freddie fritz rick
gabriel gabe gabby
gabrielle gabby gabi
geoffrey geoff jeff
gerald gerry jerry
gertrude gertie trudy
gregory greg
harold harry hal
harriet hattie harry
helen nell nellie lena
henry harry hank hal
herbert herb bert
howard howie
isaac ike
isabella bella izzy isa belle
isabel bella izzy belle
jacob jake jack
james jim jimmy jamie jem
janet jan jenny
jeffrey jeff
jennifer jen jenny jenn
jeremy jerry jem
jessica jess jessie
joan jo joanie
joanna jo jojo
john jack johnny jon
jonathan jon jonny nathan
joseph joe joey jo
josephine jo josie
joshua josh
judith judy jude
katherine kate katie kathy kat kitty
kathleen kathy kate
kenneth ken kenny
lawrence larry laurie
leonard leo len lenny
lewis lew lou
louis lou louie
louise lou louisa lulu
lucas luke
margaret maggie meg peggy marge margie greta madge daisy
martha marty mattie patty
martin marty
mary molly polly mae mamie
matilda tilly matty maud
matthew matt matty
michael mike mick mickey mikey
nathaniel nate nat nathan
nicholas nick nicky nico
nicola nicky nikki
norman norm
oliver ollie
olivia liv livvy ollie
pamela pam
patricia pat patty trish tricia
patrick pat paddy rick
peter pete
philip phil pip
rachel rach
raymond ray
rebecca becky becca
richard rick ricky dick rich richie
robert bob bobby rob robbie bert
rodney rod
roger rodge
ronald ron ronnie
rosemary rose rosie
russell russ
samantha sam sammy
samuel sam sammy
sarah sally sadie
stephanie steph stevie
stephen steve stevie
steven steve stevie
susan sue susie suzy
suzanne sue susie suzy
theodore ted teddy theo
thomas tom tommy
timothy tim timmy
valerie val
victoria vicky vickie tori
vincent vince vinny
virginia ginny ginger
walter walt wally
william bill billy will willie liam
winifred winnie freda
zachary zach zack
`;

/** Formal names by name (a formal name belongs to itself), each as the indices of its formal names. */
const FORMAL_NAMES_OF = new Map<string, number[]>();
TABLE.trim()
  .split('\n')
  .forEach((line, formal) => {
    for (const name of new Set(line.trim().split(/\s+/))) {
      const formals = FORMAL_NAMES_OF.get(name);
      if (formals) formals.push(formal);
      else FORMAL_NAMES_OF.set(name, [formal]);
    }
  });

/**
 * Robert and Bob, Bob and Rob, Liz and Beth: two spellings of one given name (both folded to lower case). A
 * name the table does not hold is read as the names it is one keystroke from (Elizaeth as Elizabeth), when
 * long enough for that to say something: Liz and Elizaeth are one name mistyped.
 */
export function areNameVariants(a: string, b: string): boolean {
  if (a === b) return true;
  const formalsA = formalNamesOf(a);
  const formalsB = formalNamesOf(b);
  return formalsA !== undefined && formalsB !== undefined && formalsA.some((formal) => formalsB.includes(formal));
}

// Shorter unknown names are one keystroke from too many known ones (ann, dan, jan, nan).
const MIN_MISTYPED_LENGTH = 5;
const KNOWN_NAMES = [...FORMAL_NAMES_OF.keys()];

function formalNamesOf(name: string): number[] | undefined {
  const known = FORMAL_NAMES_OF.get(name);
  if (known !== undefined || name.length < MIN_MISTYPED_LENGTH) return known;
  const near = KNOWN_NAMES.filter((candidate) => Math.abs(candidate.length - name.length) <= 1 && codeLevel(candidate, name) === 1);
  return near.length === 0 ? undefined : near.flatMap((candidate) => FORMAL_NAMES_OF.get(candidate)!);
}
