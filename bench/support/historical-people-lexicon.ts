/**
 * What the historical-people generator draws from: the common given names and surnames of seven
 * cultures, the other ways each is written, and the best-known birth places with their postcode prefixes.
 * Written for this generator from general knowledge (parish-register abbreviations such as Jno and Wm,
 * English pet forms, the usual anglicized forms of continental names, exonyms), apart from the identity
 * engine's own name table on purpose: a test built from the engine's table would only test the table.
 */

export type Culture = 'gb' | 'us' | 'fr' | 'de' | 'it' | 'es' | 'nl';
export type Gender = 'male' | 'female';

/** Shares of people by culture: a western biographical register, English-speaking first. */
export const CULTURE_WEIGHTS: Record<Culture, number> = { gb: 45, us: 10, fr: 12, de: 13, it: 8, es: 6, nl: 6 };

const ENGLISH_GIVEN_NAMES: Record<Gender, readonly string[]> = {
  male: ['John', 'William', 'Thomas', 'James', 'George', 'Charles', 'Henry', 'Robert', 'Richard', 'Edward', 'Joseph', 'Samuel', 'Francis', 'Frederick', 'Arthur', 'Alfred', 'Walter', 'Albert', 'Benjamin', 'Daniel', 'David', 'Peter', 'Hugh', 'Alexander', 'Michael', 'Edmund', 'Ernest', 'Harold', 'Andrew', 'Philip', 'Matthew', 'Stephen', 'Anthony', 'Christopher', 'Nicholas'],
  female: ['Mary', 'Elizabeth', 'Anne', 'Margaret', 'Jane', 'Sarah', 'Catherine', 'Emily', 'Charlotte', 'Frances', 'Dorothy', 'Alice', 'Eleanor', 'Harriet', 'Martha', 'Susan', 'Isabella', 'Helen', 'Louisa', 'Agnes', 'Edith', 'Florence', 'Emma', 'Caroline'],
};

/** Most common first; drawn Zipf-like, so the first few recur across centuries. */
export const COMMON_GIVEN_NAMES: Record<Culture, Record<Gender, readonly string[]>> = {
  gb: ENGLISH_GIVEN_NAMES,
  us: ENGLISH_GIVEN_NAMES,
  fr: {
    male: ['Jean', 'Pierre', 'Louis', 'Jacques', 'François', 'Charles', 'Henri', 'Guillaume', 'Antoine', 'Joseph', 'Étienne', 'Paul'],
    female: ['Marie', 'Jeanne', 'Marguerite', 'Catherine', 'Louise', 'Madeleine', 'Anne'],
  },
  de: {
    male: ['Johann', 'Friedrich', 'Karl', 'Wilhelm', 'Heinrich', 'Ludwig', 'Franz', 'Georg', 'Otto', 'Hermann', 'Johannes'],
    female: ['Anna', 'Maria', 'Elisabeth', 'Katharina', 'Margarethe', 'Sophie'],
  },
  it: { male: ['Giovanni', 'Giuseppe', 'Francesco', 'Antonio', 'Pietro', 'Luigi', 'Carlo', 'Alessandro'], female: ['Maria', 'Anna', 'Giulia', 'Caterina', 'Teresa'] },
  es: { male: ['José', 'Juan', 'Antonio', 'Francisco', 'Manuel', 'Pedro', 'Diego', 'Luis'], female: ['María', 'Ana', 'Isabel', 'Juana', 'Teresa'] },
  nl: { male: ['Jan', 'Pieter', 'Hendrik', 'Willem', 'Cornelis', 'Johannes', 'Jacob'], female: ['Maria', 'Anna', 'Johanna', 'Cornelia'] },
};

const BRITISH_SURNAMES = [
  'Smith', 'Jones', 'Williams', 'Brown', 'Taylor', 'Davies', 'Wilson', 'Evans', 'Thomas', 'Johnson', 'Roberts', 'Walker', 'Wright', 'Robinson', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall',
  'Wood', 'Harris', 'Lewis', 'Martin', 'Jackson', 'Clarke', 'Turner', 'Hill', 'Scott', 'Cooper', 'Morris', 'Ward', 'Moore', 'King', 'Watson', 'Baker', 'Harrison', 'Morgan', 'Young', 'Allen',
  'Mitchell', 'Anderson', 'Phillips', 'Bell', 'Parker', 'Stewart', 'Gray', 'Reid', 'Matthews', 'Campbell', 'MacDonald', 'McKenzie', 'MacLeod', 'McGregor', 'MacKay', 'McLean', 'MacMillan', 'Murphy', 'Kelly', "O'Brien",
];

export const COMMON_SURNAMES: Record<Culture, readonly string[]> = {
  gb: BRITISH_SURNAMES,
  us: BRITISH_SURNAMES,
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefèvre', 'Laurent', 'Girard', 'Dupont', 'Fournier'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Schäfer', 'von Weber'],
  it: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'De Luca'],
  es: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz'],
  nl: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer'],
};

/**
 * Other ways a given name is written for the same person: pet forms, the clerk's abbreviation, the form
 * another language gives it. Keys and values as written; a name absent here has no variant but its typos.
 */
export const GIVEN_NAME_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  John: ['Jack', 'Johnny', 'Jno', 'Jon'],
  William: ['Will', 'Bill', 'Willie', 'Wm', 'Billy'],
  Thomas: ['Tom', 'Thos', 'Tommy'],
  James: ['Jim', 'Jas', 'Jimmy', 'Jamie'],
  George: ['Geo', 'Georgie'],
  Charles: ['Charlie', 'Chas', 'Carl'],
  Henry: ['Harry', 'Hal', 'Henri'],
  Robert: ['Bob', 'Rob', 'Bobby', 'Robt', 'Bert'],
  Richard: ['Dick', 'Rick', 'Richd'],
  Edward: ['Ned', 'Ted', 'Eddie', 'Edwd'],
  Joseph: ['Joe', 'Jos', 'Josef'],
  Samuel: ['Sam', 'Saml'],
  Francis: ['Frank', 'Fran'],
  Frederick: ['Fred', 'Freddie', 'Fredk'],
  Alfred: ['Alf', 'Alfie'],
  Albert: ['Bert', 'Al'],
  Walter: ['Walt', 'Wat'],
  Benjamin: ['Ben', 'Benj'],
  Daniel: ['Dan', 'Danl'],
  David: ['Dave', 'Davy'],
  Peter: ['Pete', 'Pierre'],
  Alexander: ['Alex', 'Alec', 'Sandy'],
  Michael: ['Mike', 'Mick'],
  Andrew: ['Andy', 'Drew'],
  Anthony: ['Tony', 'Antony'],
  Christopher: ['Kit', 'Chris'],
  Nicholas: ['Nick', 'Nicolas'],
  Matthew: ['Matt', 'Mathew'],
  Stephen: ['Steve', 'Steven'],
  Mary: ['Polly', 'Molly', 'Maria', 'Marie'],
  Elizabeth: ['Eliza', 'Betty', 'Bess', 'Lizzie', 'Elisabeth'],
  Anne: ['Ann', 'Anna', 'Annie', 'Nancy'],
  Margaret: ['Peggy', 'Maggie', 'Meg', 'Madge'],
  Jane: ['Jenny', 'Janet', 'Jean'],
  Sarah: ['Sally', 'Sara'],
  Catherine: ['Kate', 'Kitty', 'Katherine', 'Kathleen'],
  Frances: ['Fanny', 'Frankie'],
  Dorothy: ['Dolly', 'Dot', 'Dorothea'],
  Eleanor: ['Nell', 'Ellie', 'Elinor'],
  Harriet: ['Hattie', 'Harriett'],
  Martha: ['Patty', 'Mattie'],
  Susan: ['Sue', 'Susanna'],
  Isabella: ['Bella', 'Isabel'],
  Helen: ['Nellie', 'Ellen'],
  Charlotte: ['Lottie', 'Charlotta'],
  Emily: ['Emmy', 'Emilia'],
  Johann: ['Hans', 'Johannes', 'John'],
  Johannes: ['Hans', 'Johann', 'Jan'],
  Friedrich: ['Fritz', 'Frederick', 'Friedr.'],
  Karl: ['Carl', 'Charles'],
  Wilhelm: ['Willi', 'William'],
  Heinrich: ['Heinz', 'Henry'],
  Ludwig: ['Louis', 'Lutz'],
  Franz: ['Francis', 'Frantz'],
  Georg: ['George', 'Jörg'],
  Katharina: ['Catherine', 'Käthe', 'Catharina'],
  Elisabeth: ['Elizabeth', 'Else', 'Lisbeth'],
  Margarethe: ['Margaret', 'Grete', 'Gretchen'],
  Jean: ['John', 'Jehan'],
  Guillaume: ['William'],
  Louis: ['Lewis', 'Ludovic'],
  Henri: ['Henry'],
  Jacques: ['James', 'Jacob'],
  François: ['Francis', 'Francois'],
  Antoine: ['Anthony'],
  Étienne: ['Stephen', 'Etienne'],
  Giuseppe: ['Joseph', 'Beppe'],
  Giovanni: ['John', 'Gianni', 'Giov.'],
  Francesco: ['Francis', 'Franco'],
  Pietro: ['Peter', 'Piero'],
  Alessandro: ['Alexander', 'Sandro'],
  José: ['Joseph', 'Pepe', 'Jose'],
  Juan: ['John'],
  Francisco: ['Francis', 'Paco'],
  Pieter: ['Peter', 'Piet'],
  Hendrik: ['Henk', 'Henry'],
  Willem: ['William', 'Wim'],
  Cornelis: ['Kees', 'Cornelius'],
  Maria: ['Mary', 'Marie', 'Mia'],
  Marie: ['Mary', 'Maria'],
  María: ['Mary', 'Maria'],
  Johanna: ['Joanna', 'Jo'],
};

/** Other spellings a clerk gives the same family: Smyth for Smith, Mc for Mac, a particle dropped. */
export const SURNAME_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  Smith: ['Smyth', 'Smythe'],
  Brown: ['Browne'],
  Clarke: ['Clark'],
  Thompson: ['Thomson', 'Tompson'],
  Phillips: ['Philips'],
  Gray: ['Grey'],
  Stewart: ['Stuart', 'Steuart'],
  Matthews: ['Mathews'],
  Reid: ['Reed', 'Read'],
  Allen: ['Allan', 'Allin'],
  Davies: ['Davis'],
  Jones: ['Joanes'],
  Wood: ['Woods'],
  Harris: ['Harries'],
  Moore: ['More', 'Moor'],
  Kelly: ['Kelley'],
  "O'Brien": ['OBrien', 'Brien', "O'Bryan"],
  Müller: ['Mueller', 'Muller', 'Miller'],
  Schmidt: ['Schmitt', 'Schmid'],
  Meyer: ['Meier', 'Mayer', 'Maier'],
  Schneider: ['Snyder', 'Schnieder'],
  Fischer: ['Fisher'],
  Schäfer: ['Schaefer', 'Schafer'],
  Hoffmann: ['Hofmann', 'Hoffman'],
  Lefèvre: ['Lefebvre', 'Lefevre'],
  Dupont: ['Du Pont'],
  García: ['Garcia'],
  Fernández: ['Fernandez', 'Fernandes'],
  Esposito: ['Sposito'],
  Jansen: ['Janssen', 'Jansz'],
  Meijer: ['Meyer', 'Meier'],
};

/** A notable birth place: its exonym in English where it has one, the larger place it lies in, its postcode prefixes. */
export interface PlaceSeed {
  name: string;
  alias?: string;
  larger: string;
  prefixes: readonly string[];
  /** How many of the culture's notable people were born there, relative to its other places. */
  weight: number;
}

const place = (name: string, larger: string, prefixes: string, weight: number, alias?: string): PlaceSeed => ({ name, larger, prefixes: prefixes.split(' '), weight, ...(alias ? { alias } : {}) });

/** Each culture's best-known birth places; generated places (faker's city names) make its long tail. */
export const NOTABLE_PLACES: Record<Culture, readonly PlaceSeed[]> = {
  gb: [
    place('London', 'Middlesex', 'E N W SE SW NW EC WC', 60),
    place('Westminster', 'London', 'SW W', 8),
    place('Islington', 'London', 'N EC', 5),
    place('Southwark', 'London', 'SE', 5),
    place('Manchester', 'Lancashire', 'M', 12),
    place('Salford', 'Manchester', 'M', 3),
    place('Liverpool', 'Lancashire', 'L', 10),
    place('Birmingham', 'Warwickshire', 'B', 10),
    place('Leeds', 'Yorkshire', 'LS', 6),
    place('Sheffield', 'Yorkshire', 'S', 5),
    place('York', 'Yorkshire', 'YO', 4),
    place('Bristol', 'Gloucestershire', 'BS', 6),
    place('Bath', 'Somerset', 'BA', 3),
    place('Edinburgh', 'Midlothian', 'EH', 14),
    place('Leith', 'Edinburgh', 'EH', 2),
    place('Glasgow', 'Lanarkshire', 'G', 12),
    place('Aberdeen', 'Aberdeenshire', 'AB', 4),
    place('Dublin', 'County Dublin', 'D', 12),
    place('Belfast', 'County Antrim', 'BT', 6),
    place('Cardiff', 'Glamorgan', 'CF', 4),
    place('Oxford', 'Oxfordshire', 'OX', 4),
    place('Cambridge', 'Cambridgeshire', 'CB', 3),
    place('Norwich', 'Norfolk', 'NR', 4),
    place('Newcastle upon Tyne', 'Northumberland', 'NE', 5),
    place('Nottingham', 'Nottinghamshire', 'NG', 4),
    place('Plymouth', 'Devon', 'PL', 3),
    place('Exeter', 'Devon', 'EX', 2),
    place('Brighton', 'Sussex', 'BN', 3),
    place('Portsmouth', 'Hampshire', 'PO', 3),
  ],
  us: [
    place('New York City', 'New York', '100 101 102 112', 30),
    place('Brooklyn', 'New York City', '112', 6),
    place('Boston', 'Massachusetts', '021 022', 12),
    place('Philadelphia', 'Pennsylvania', '191', 12),
    place('Baltimore', 'Maryland', '212', 5),
    place('Chicago', 'Illinois', '606', 10),
    place('Charleston', 'South Carolina', '294', 3),
    place('New Orleans', 'Louisiana', '701', 4),
    place('San Francisco', 'California', '941', 5),
    place('Cincinnati', 'Ohio', '452', 3),
  ],
  fr: [
    place('Paris', 'Île-de-France', '750', 60),
    place('Lyon', 'Rhône', '690', 10, 'Lyons'),
    place('Marseille', 'Bouches-du-Rhône', '130', 8, 'Marseilles'),
    place('Bordeaux', 'Gironde', '330', 5),
    place('Toulouse', 'Haute-Garonne', '310', 4),
    place('Rouen', 'Seine-Maritime', '760', 4),
    place('Nantes', 'Loire-Atlantique', '440', 3),
    place('Lille', 'Nord', '590', 4),
    place('Strasbourg', 'Bas-Rhin', '670', 4),
  ],
  de: [
    place('Berlin', 'Brandenburg', '10 12 13', 30),
    place('Hamburg', 'Holstein', '20 21 22', 12),
    place('München', 'Bayern', '80 81', 14, 'Munich'),
    place('Köln', 'Rheinland', '50 51', 10, 'Cologne'),
    place('Frankfurt am Main', 'Hessen', '60', 8, 'Frankfurt'),
    place('Leipzig', 'Sachsen', '04', 7),
    place('Dresden', 'Sachsen', '01', 7),
    place('Stuttgart', 'Württemberg', '70', 5),
    place('Nürnberg', 'Bayern', '90', 5, 'Nuremberg'),
  ],
  it: [
    place('Roma', 'Lazio', '001', 20, 'Rome'),
    place('Milano', 'Lombardia', '201', 14, 'Milan'),
    place('Napoli', 'Campania', '801', 14, 'Naples'),
    place('Firenze', 'Toscana', '501', 12, 'Florence'),
    place('Venezia', 'Veneto', '301', 10, 'Venice'),
    place('Torino', 'Piemonte', '101', 10, 'Turin'),
    place('Genova', 'Liguria', '161', 5, 'Genoa'),
  ],
  es: [
    place('Madrid', 'Castilla', '280', 25),
    place('Barcelona', 'Cataluña', '080', 15),
    place('Sevilla', 'Andalucía', '410', 8, 'Seville'),
    place('Valencia', 'Comunidad Valenciana', '460', 6),
    place('Zaragoza', 'Aragón', '500', 4, 'Saragossa'),
  ],
  nl: [
    place('Amsterdam', 'Noord-Holland', '10', 25),
    place('Rotterdam', 'Zuid-Holland', '30', 12),
    place('Den Haag', 'Zuid-Holland', '25', 10, 'The Hague'),
    place('Utrecht', 'Utrecht', '35', 6),
    place('Leiden', 'Zuid-Holland', '23', 5),
  ],
};
