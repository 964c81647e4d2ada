// The languages of the toolkit and texts given in them: the lowest layer, so that every module can name them.

/** The languages of the toolkit's texts. */
export type Language = 'de' | 'en';

/** Text in German and English, or one text for both. */
export type LocalisedText = string | { de: string; en?: string };
