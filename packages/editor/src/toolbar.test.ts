/// <reference types="mocha" />
// The editor's toolbar at any width, in Chromium: when its buttons wrap, the separator before undo and redo never
// stays behind alone at the end of a row.
import { expect } from 'chai';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import './sozialraum-editor.js';
import type { SozialraumEditor } from './sozialraum-editor.js';

describe('<sozialraum-editor> toolbar', function () {
  this.timeout(60_000);
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('keeps the separator with undo and redo on every row break, from 300 to 1400 px', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', '/test/fixtures/hostile/names.geojson');
    map.setAttribute('id-field', 'id');
    map.style.cssText = 'width: 1400px; height: 300px; display: block;';
    const editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `toolbar-${Math.random()}`);
    map.append(editor);
    document.body.append(map);
    await map.ready;
    await editor.ready;
    const toolbar = editor.shadowRoot!.querySelector<HTMLElement>('[part="toolbar"]')!;
    const alone: number[] = [];
    for (let width = 300; width <= 1400; width += 10) {
      map.style.width = `${width}px`;
      const separator = toolbar.querySelector<HTMLElement>('.separator');
      if (!separator) continue;
      const undo = toolbar.querySelector<HTMLElement>('.undo')!;
      // A separator is alone when undo starts a new row below it.
      if (undo.getBoundingClientRect().top > separator.getBoundingClientRect().bottom - 1) alone.push(width);
    }
    expect(alone, 'widths at which the separator ends a row').to.deep.equal([]);
  });
});
