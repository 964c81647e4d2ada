/// <reference types="mocha" />
// Long and spoofed names in the panel of <sozialraum-editor>: a name, a version name, a comment and a history step of
// 100,000 characters keep the panel as wide as the map and are cut with an ellipsis, whole in their title; a
// right-to-left override in a name ends with the name, so the key after it reads left to right.
import { expect } from 'chai';
import '@sozialraum/map';
import type { SozialraumMap } from '@sozialraum/map';
import './sozialraum-editor.js';
import type { SozialraumEditor, VersionSaveDetail } from './sozialraum-editor.js';
import { nextEvent } from '../../element/dist/test/map.js';

const LONG = '/test/fixtures/hostile/lange-namen.geojson';
const SPOOF = 'Nord\u202egnirts';
const WIDTH = 800;

/** The screen rectangle of one character of a text node. */
function charBox(node: Text, index: number): DOMRect {
  const range = document.createRange();
  range.setStart(node, index);
  range.setEnd(node, index + 1);
  return range.getBoundingClientRect();
}

describe('long and spoofed names in the editor panel', () => {
  let map: SozialraumMap | undefined;

  afterEach(() => {
    map?.remove();
    map = undefined;
  });

  it('names, a version, a comment and a step of 100,000 characters keep the panel as wide as the map', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', LONG);
    map.setAttribute('id-field', 'id');
    map.setAttribute('name-field', 'name');
    map.style.cssText = `width: ${WIDTH}px; height: 400px; display: block;`;
    const editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `test-long-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    map.append(editor);
    document.body.append(map);
    await map.ready;
    await editor.ready;
    const root = editor.shadowRoot!;
    const long = 'Langer Name '.repeat(8_334).slice(0, 100_000);

    // A version and a comment of 100,000 characters, and an area renamed to one: the version list, the selects of
    // the comparison, the comment list and the history all hold it.
    const saved = nextEvent<VersionSaveDetail>(editor, 'sozialraum-version-save');
    await editor.saveVersion(long);
    expect((await saved).detail.name).to.equal(long);
    map.selected = 'kurz';
    editor.tool = 'rename';
    await map.updateComplete;
    await editor.updateComplete;
    const rename = root.querySelector<HTMLFormElement>('form.rename')!;
    rename.querySelector<HTMLInputElement>('input[name="name"]')!.value = long;
    rename.requestSubmit();
    editor.tool = 'comment';
    await editor.updateComplete;
    const comment = root.querySelector<HTMLFormElement>('form.comment')!;
    comment.querySelector('textarea')!.value = long;
    comment.requestSubmit();
    // The merge tool lists the neighbours of "lang-100k" by name: 200,000 characters and the spoofed one.
    map.selected = 'lang-100k';
    editor.tool = 'merge';
    await map.updateComplete;
    await editor.updateComplete;

    const panel = root.querySelector<HTMLElement>('[part="panel"]')!;
    const box = editor.getBoundingClientRect();
    console.log(
      `editor panel with names of 100,000 and 200,000 characters: ${Math.round(box.width)} × ${Math.round(box.height)} px, content ${panel.scrollWidth} px wide`,
    );
    expect(box.width, 'editor width (px)').to.be.at.most(WIDTH);
    // Lists scroll after 12em, sentences quoting a name stop after three lines: the panel stays a panel.
    expect(box.height, 'editor height (px)').to.be.below(1500);
    expect(panel.scrollWidth, 'nothing sticks out of the panel (px)').to.be.at.most(panel.clientWidth + 1);
    for (const selector of ['[part="versions"] li bdi', '[part="comments"] li bdi', '[part="history"] li.current bdi', 'fieldset.merge label bdi']) {
      const text = root.querySelector<HTMLElement>(selector);
      expect(text, selector).to.not.equal(null);
      expect(text!.getBoundingClientRect().width, `${selector} (px)`).to.be.at.most(panel.clientWidth);
      expect(text!.getBoundingClientRect().height, `${selector} (px)`).to.be.below(120);
      expect(text!.title, selector).to.equal(text!.textContent);
    }
    expect(root.querySelector<HTMLElement>('[part="versions"] li bdi')!.title).to.equal(long);
    expect(root.querySelector<HTMLElement>('[part="comments"] li bdi')!.title).to.equal(long);
    for (const select of root.querySelectorAll('select')) expect(select.getBoundingClientRect().width, 'a select (px)').to.be.at.most(panel.clientWidth);

    // The spoofed name among the neighbours: its key follows it, left to right.
    const label = [...root.querySelectorAll('fieldset.merge label')].find((candidate) => candidate.querySelector('input')!.value === 'spiegel')!;
    const [name, key] = [...label.querySelectorAll('bdi')];
    expect(name!.textContent).to.equal(SPOOF);
    const keyText =
      key!.firstChild!.nodeType === Node.TEXT_NODE
        ? (key!.firstChild as Text)
        : ([...key!.childNodes].find((node) => node.nodeType === Node.TEXT_NODE) as Text);
    expect(charBox(keyText, 0).left, '"s" left of "l"').to.be.below(charBox(keyText, keyText.length - 1).left);
    expect(key!.getBoundingClientRect().left, 'the key right of the name').to.be.above(name!.getBoundingClientRect().right);
  });

  it('shows ordinary names whole where there is room: "Güterbahnhof Grunewald (04400725)" in the merge list is not cut', async () => {
    map = document.createElement('sozialraum-map');
    map.setAttribute('areas', '/data-samples/berlin/lor_planungsraeume_2021.geojson');
    map.setAttribute('id-field', 'PLR_ID');
    map.setAttribute('name-field', 'PLR_NAME');
    map.style.cssText = `width: ${WIDTH}px; height: 400px; display: block;`;
    const editor = document.createElement('sozialraum-editor') as SozialraumEditor;
    editor.setAttribute('storage-key', `ordinary-${Math.random()}`);
    map.append(editor);
    document.body.append(map);
    await map.ready;
    await editor.ready;
    const root = editor.shadowRoot!;
    editor.tool = 'merge';
    const settle = async () => {
      await map!.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await editor.updateComplete;
    };
    map.selected = '04400725';
    await settle();
    const neighbour = root.querySelector<HTMLInputElement>('fieldset.merge input[name="merge"]')!.value;
    map.selected = neighbour;
    await settle();
    const label = [...root.querySelectorAll<HTMLElement>('fieldset.merge label.check')].find((entry) => entry.textContent!.includes('04400725'))!;
    const name = label.querySelector<HTMLElement>('bdi.user-text')!;
    expect(name.textContent).to.equal('Güterbahnhof Grunewald');
    expect(name.scrollWidth, 'the name is shown whole').to.be.at.most(name.clientWidth);
    // No gap between the name and its key: the key follows right after the name's last letter.
    const key = [...label.querySelectorAll<HTMLElement>('bdi.user-text')].find((entry) => entry.textContent === '04400725')!;
    const range = document.createRange();
    range.selectNodeContents(name);
    const gap = key.getBoundingClientRect().left - range.getBoundingClientRect().right;
    expect(gap, 'space between name and key (px)').to.be.below(12);
  });
});
