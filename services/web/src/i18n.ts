/** The app's words in German (default) and English; a screen adds its keys to both dictionaries. */
export type Lang = 'de' | 'en';
export const LANGS: readonly Lang[] = ['de', 'en'];

const de = {
  'app.name': 'Kontor',
  'app.skip': 'Zum Inhalt springen',
  'nav.main': 'Hauptnavigation',
  'nav.orders': 'Aufträge',
  'nav.users': 'Benutzer',
  'nav.signOut': 'Abmelden',
  'lang.switch': 'Sprache',
  'lang.de': 'Deutsch',
  'lang.en': 'English',
  'common.apply': 'Anwenden',
  'common.reset': 'Zurücksetzen',
  'common.save': 'Speichern',
  'common.next': 'Weiter',
  'common.first': 'Zum Anfang',
  'common.none': 'Keine Einträge.',
  'common.yes': 'ja',
  'common.no': 'nein',
  'common.all': 'alle',
  'common.error': 'Fehler',
  'common.forbidden': 'Dafür fehlt Ihnen die Berechtigung.',
  'common.notFound': 'Nicht gefunden.',
  'common.back': 'Zurück',
  'signIn.title': 'Anmelden',
  'signIn.name': 'Benutzername',
  'signIn.password': 'Passwort',
  'signIn.submit': 'Anmelden',
  'signIn.failed': 'Benutzername oder Passwort ist falsch.',
  'signIn.throttled': 'Zu viele Fehlversuche. Bitte in {seconds} s erneut versuchen.',
  'signIn.signedOut': 'Sie sind abgemeldet.',
  'signIn.expired': 'Bitte melden Sie sich an.',
  'users.title': 'Benutzer',
  'users.name': 'Benutzername',
  'users.displayName': 'Anzeigename',
  'users.roles': 'Rollen',
  'users.status': 'Status',
  'users.active': 'aktiv',
  'users.disabled': 'gesperrt',
  'users.password': 'Passwort',
  'users.newPassword': 'Neues Passwort (mind. 10 Zeichen)',
  'users.create': 'Benutzer anlegen',
  'users.created': 'Benutzer {name} angelegt.',
  'users.changed': 'Benutzer {name} geändert.',
  'users.disable': 'Sperren',
  'users.enable': 'Entsperren',
  'users.setRoles': 'Rollen speichern',
  'users.resetPassword': 'Passwort setzen',
  'users.audit': 'Verlauf',
  'users.actions': 'Aktionen',
  'role.sales': 'Vertrieb',
  'role.sales_manager': 'Vertriebsleitung',
  'role.director': 'Geschäftsführung',
  'role.warehouse': 'Lager',
  'role.accounting': 'Buchhaltung',
  'role.project_manager': 'Projektleitung',
  'role.planner': 'Planung',
  'role.admin': 'Administration',
};

export type MessageKey = keyof typeof de;

const en: Record<MessageKey, string> = {
  'app.name': 'Kontor',
  'app.skip': 'Skip to content',
  'nav.main': 'Main navigation',
  'nav.orders': 'Orders',
  'nav.users': 'Users',
  'nav.signOut': 'Sign out',
  'lang.switch': 'Language',
  'lang.de': 'Deutsch',
  'lang.en': 'English',
  'common.apply': 'Apply',
  'common.reset': 'Reset',
  'common.save': 'Save',
  'common.next': 'Next',
  'common.first': 'First page',
  'common.none': 'No entries.',
  'common.yes': 'yes',
  'common.no': 'no',
  'common.all': 'all',
  'common.error': 'Error',
  'common.forbidden': 'You are not allowed to do this.',
  'common.notFound': 'Not found.',
  'common.back': 'Back',
  'signIn.title': 'Sign in',
  'signIn.name': 'User name',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.failed': 'Wrong user name or password.',
  'signIn.throttled': 'Too many failed attempts. Please try again in {seconds} s.',
  'signIn.signedOut': 'You are signed out.',
  'signIn.expired': 'Please sign in.',
  'users.title': 'Users',
  'users.name': 'User name',
  'users.displayName': 'Display name',
  'users.roles': 'Roles',
  'users.status': 'Status',
  'users.active': 'active',
  'users.disabled': 'disabled',
  'users.password': 'Password',
  'users.newPassword': 'New password (at least 10 characters)',
  'users.create': 'Create user',
  'users.created': 'User {name} created.',
  'users.changed': 'User {name} changed.',
  'users.disable': 'Disable',
  'users.enable': 'Enable',
  'users.setRoles': 'Save roles',
  'users.resetPassword': 'Set password',
  'users.audit': 'History',
  'users.actions': 'Actions',
  'role.sales': 'Sales',
  'role.sales_manager': 'Sales management',
  'role.director': 'Management board',
  'role.warehouse': 'Warehouse',
  'role.accounting': 'Accounting',
  'role.project_manager': 'Project management',
  'role.planner': 'Planning',
  'role.admin': 'Administration',
};

const dictionaries: Record<Lang, Record<string, string>> = { de, en };

/** Adds a screen's words (each key in both languages). */
export function addMessages(words: { de: Record<string, string>; en: Record<string, string> }): void {
  Object.assign(dictionaries.de, words.de);
  Object.assign(dictionaries.en, words.en);
}

/** The word for a key in a language, with {placeholders} filled; an unknown key shows itself (easy to spot). */
export function translate(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[lang][key] ?? dictionaries.de[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;
export const translator =
  (lang: Lang): Translate =>
  (key, vars) =>
    translate(lang, key, vars);
