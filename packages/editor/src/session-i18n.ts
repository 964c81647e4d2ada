// Text of the editor's saving, tabs and storage failures in German (default) and English.
import type { Language } from '@sozialraum/element';

export interface SessionMessages {
  saved: (time: string) => string;
  saving: string;
  notSaved: string;
  notSavedTitle: string;
  /** Why saving stopped, followed by the browser's own words. */
  failure: (reason: string, browser: string) => string;
  reasons: { quota: string; unavailable: string; other: string };
  unsaved: (steps: number) => string;
  exportNow: string;
  retry: string;
  retried: string;
  readOnly: string;
  continueHere: string;
  handedOver: string;
  tookOver: (steps: number) => string;
  discardAsk: (steps: number, versions: number, comments: number) => string;
  discardConfirm: string;
  discardKeep: string;
  persisted: string;
  notPersisted: string;
  memoryNote: string;
}

const de: SessionMessages = {
  saved: (time) => `Gespeichert ${time}`,
  saving: 'Wird gespeichert …',
  notSaved: 'Nicht gespeichert',
  notSavedTitle: 'Die Änderungen werden nicht mehr im Browser gespeichert.',
  failure: (reason, browser) =>
    `Die Bearbeitung geht nur im Arbeitsspeicher weiter und ist beim Schließen der Seite verloren: ${reason}${browser ? ` (Meldung des Browsers: ${browser})` : ''}. Exportieren Sie die Gebiete jetzt als GeoJSON.`,
  reasons: {
    quota: 'Der Speicherplatz, den der Browser dieser Seite gibt, ist voll',
    unavailable: 'Der Browser erlaubt dieser Seite keinen Speicher (zum Beispiel in einem privaten Fenster)',
    other: 'Der Browser hat das Speichern abgelehnt',
  },
  unsaved: (steps) => `${steps} ${steps === 1 ? 'Schritt ist' : 'Schritte sind'} nicht gespeichert.`,
  exportNow: 'Jetzt als GeoJSON exportieren',
  retry: 'Erneut speichern',
  retried: 'Die Bearbeitung ist wieder im Browser gespeichert.',
  readOnly: 'Diese Bearbeitung ist in einem anderen Tab geöffnet und wird dort bearbeitet. Hier ist sie nur zu sehen; Änderungen dort erscheinen hier.',
  continueHere: 'Hier weiterbearbeiten',
  handedOver: 'Die Bearbeitung wurde an einen anderen Tab übergeben; hier ist sie jetzt nur zu sehen.',
  tookOver: (steps) => `Sie bearbeiten jetzt in diesem Tab; alle ${steps} ${steps === 1 ? 'Schritt ist' : 'Schritte sind'} übernommen.`,
  discardAsk: (steps, versions, comments) =>
    `Gespeicherte Arbeit endgültig verwerfen? ${steps} ${steps === 1 ? 'Schritt' : 'Schritte'}, ${versions} ${versions === 1 ? 'Fassung' : 'Fassungen'} und ${comments} ${comments === 1 ? 'Kommentar' : 'Kommentare'} gehen verloren.`,
  discardConfirm: 'Endgültig verwerfen',
  discardKeep: 'Behalten',
  persisted: 'Der Browser hält diesen Speicher dauerhaft.',
  notPersisted: 'Der Browser darf diesen Speicher bei Platzmangel räumen; exportieren Sie wichtige Stände.',
  memoryNote: 'Änderungen werden nicht gespeichert; sie bleiben nur bis zum Schließen der Seite.',
};

const en: SessionMessages = {
  saved: (time) => `Saved ${time}`,
  saving: 'Saving …',
  notSaved: 'Not saved',
  notSavedTitle: 'Changes are no longer saved in the browser.',
  failure: (reason, browser) =>
    `Editing goes on in memory only and is lost when the page is closed: ${reason}${browser ? ` (the browser says: ${browser})` : ''}. Export the areas as GeoJSON now.`,
  reasons: {
    quota: 'The storage the browser gives this site is full',
    unavailable: 'The browser gives this site no storage (for example in a private window)',
    other: 'The browser refused to save',
  },
  unsaved: (steps) => `${steps} ${steps === 1 ? 'step is' : 'steps are'} not saved.`,
  exportNow: 'Export as GeoJSON now',
  retry: 'Try saving again',
  retried: 'The work is saved in the browser again.',
  readOnly: 'This work is open and being edited in another tab. Here it is read-only; changes made there appear here.',
  continueHere: 'Continue here',
  handedOver: 'Editing moved to another tab; here the work is now read-only.',
  tookOver: (steps) => `You are now editing in this tab; all ${steps} ${steps === 1 ? 'step is' : 'steps are'} taken over.`,
  discardAsk: (steps, versions, comments) =>
    `Discard the saved work for good? ${steps} ${steps === 1 ? 'step' : 'steps'}, ${versions} ${versions === 1 ? 'version' : 'versions'} and ${comments} ${comments === 1 ? 'comment' : 'comments'} will be lost.`,
  discardConfirm: 'Discard for good',
  discardKeep: 'Keep',
  persisted: 'The browser keeps this storage persistently.',
  notPersisted: 'The browser may clear this storage when space runs low; export important states.',
  memoryNote: 'Changes are not saved; they last only until the page is closed.',
};

export function sessionMessages(language: Language): SessionMessages {
  return language === 'en' ? en : de;
}
