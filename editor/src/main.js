// The newsroom's rich editor: it takes the place of the body's textarea
// (#body in form#editor-form) when script runs, and writes the body back into
// it, in the Markdown dialect (markdown.js), on every change, with an `input`
// event, so the form, its autosave and the preview go on as before. The
// textarea is the source: text set into it (and an `input` event) is read
// back into the editor. Without script the textarea is the editor.

import { baseKeymap, chainCommands } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { history, redo, undo } from 'prosemirror-history';
import { inputRules, textblockTypeInputRule, undoInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { splitListItem } from 'prosemirror-schema-list';
import { EditorState, Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet, EditorView } from 'prosemirror-view';

import {
  blocksAre,
  canLink,
  inList,
  insertBreak,
  leaveCaption,
  linkAround,
  markActive,
  toggleBlock,
  toggleEm,
  toggleList,
  toggleStrong,
} from './commands.js';
import { safeHref } from './links.js';
import { cleanEmbedUrl, parseMarkdown, serializeMarkdown } from './markdown.js';
import { cleanPastedHTML } from './paste.js';
import { schema } from './schema.js';
import { describeLength } from './stats.js';
import { readPageWords, words } from './words.js';

const { heading, quote, bullet_list, list_item, image, caption, paragraph } = schema.nodes;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** What an upload refused before the route could answer in JSON means. */
const REFUSALS = {
  403: 'nr-rich-upload-expired',
  413: 'nr-rich-upload-too-large',
};
const mac = /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = mac ? 'Meta' : 'Control';
const MOD_SHOWN = mac ? '⌘' : 'Ctrl';

/** Latin text set apart in Arabic prose (Unicode isolates), so «/ar/news/12» reads as written. */
const ltr = (text) => `\u2066${text}\u2069`;
/** The addresses the link and embed dialogs' hints and refusals name. */
const ADDRESSES = { https: ltr('https://'), http: ltr('http://'), slash: ltr('/'), example: ltr('/ar/news/12') };

let ids = 0;
const uid = (prefix) => `${prefix}-${++ids}`;

/** An element with attributes and children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children);
  return el;
}

// ------------------------------------------------------------------ dialog

/**
 * A small modal form asking for one line of text. Resolves to the trimmed
 * answer, '' for `remove`, or null when cancelled. `validate(value)` returns
 * a message to show instead of closing, or nothing.
 */
function ask({ title, label, hint, value = '', dir = 'auto', confirm, remove, validate, picture, maxlength }) {
  return new Promise((resolve) => {
    const titleId = uid('rich-dialog-title');
    const inputId = uid('rich-dialog-input');
    const hintId = uid('rich-dialog-hint');
    const errorId = uid('rich-dialog-error');
    const input = h('input', { id: inputId, type: 'text', dir, value, maxlength, 'aria-describedby': hintId, autocomplete: 'off' });
    input.value = value;
    const error = h('p', { id: errorId, class: 'rich-dialog-error', role: 'alert' });
    const cancel = h('button', { type: 'button', class: 'secondary' }, words.say('nr-cancel'));
    const buttons = h('p', { class: 'rich-dialog-actions' }, h('button', { type: 'submit' }, confirm));
    let done = false;
    // Answered at once (not on the dialog's later `close` event), so the
    // editor acts before anything else happens.
    const finish = (answer) => {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    if (remove) {
      const removeButton = h('button', { type: 'button', class: 'secondary' }, remove);
      removeButton.addEventListener('click', () => finish(''));
      buttons.append(removeButton);
    }
    buttons.append(cancel);
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', { id: titleId }, title),
      picture ? h('img', { class: 'rich-dialog-picture', src: picture, alt: '' }) : '',
      h('p', {}, h('label', { for: inputId }, label), input, h('span', { id: hintId, class: 'help' }, hint)),
      error,
      buttons,
    );
    const dialog = h('dialog', { class: 'rich-dialog', 'aria-labelledby': titleId }, form);
    cancel.addEventListener('click', () => finish(null));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const answer = input.value.trim();
      const problem = validate?.(answer);
      if (problem) {
        error.textContent = problem;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', `${errorId} ${hintId}`);
        input.focus();
        return;
      }
      finish(answer);
    });
    // Escape, or the dialog closed any other way: nothing is done.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    dialog.addEventListener('close', () => finish(null));
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
    input.select();
  });
}

// ----------------------------------------------------------------- uploads

const uploads = new PluginKey('uploads');

/** Pictures on their way: a placeholder where each will land. */
const uploadPlaceholders = new Plugin({
  key: uploads,
  state: {
    init: () => DecorationSet.empty,
    apply(tr, set) {
      let next = set.map(tr.mapping, tr.doc);
      const action = tr.getMeta(uploads);
      if (action?.add) {
        const widget = () => h('span', { class: 'rich-uploading', 'data-upload': String(action.add.id) }, words.say('nr-rich-uploading'));
        next = next.add(tr.doc, [Decoration.widget(action.add.pos, widget, { id: action.add.id, side: -1 })]);
      }
      if (action?.remove) next = next.remove(next.find(null, null, (spec) => spec.id === action.remove));
      return next;
    },
  },
  props: {
    decorations(state) {
      return this.getState(state);
    },
  },
});

function placeholderAt(state, id) {
  const found = uploads.getState(state).find(null, null, (spec) => spec.id === id);
  return found.length ? found[0].from : null;
}

/** Where a picture can go near `pos`: never inside a caption. */
function imagePosition(state, pos) {
  const $pos = state.doc.resolve(pos);
  for (let d = $pos.depth; d > 0; d--) {
    if ($pos.node(d).type === image) return $pos.after(d);
  }
  return pos;
}

function readAsDataURL(file) {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => resolve('');
    reader.readAsDataURL(file);
  });
}

// ---------------------------------------------------------- placeholders

/** Says what goes in an empty body and an empty caption. */
const emptyHints = new Plugin({
  props: {
    decorations(state) {
      const decorations = [];
      const { doc } = state;
      if (doc.childCount === 1 && doc.firstChild.type === paragraph && doc.firstChild.content.size === 0) {
        decorations.push(Decoration.node(0, doc.firstChild.nodeSize, { class: 'rich-empty', 'data-hint': words.say('nr-rich-body-hint') }));
      }
      doc.descendants((node, pos) => {
        if (node.type === caption && node.content.size === 0) {
          decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'rich-empty', 'data-hint': words.say('nr-rich-caption-hint') }));
        }
        return node.type === image || node === doc;
      });
      return DecorationSet.create(doc, decorations);
    },
  },
});

// ------------------------------------------------------------------ editor

/** The pictures the page already shows (the featured-image choices), by id. */
function knownMedia(form) {
  const media = new Map();
  for (const input of form.querySelectorAll('input[name="featured"]')) {
    const id = Number(input.value);
    const img = input.parentElement?.querySelector('img');
    if (id > 0 && img) media.set(id, { src: img.getAttribute('src') || '', alt: img.getAttribute('alt') || '' });
  }
  return media;
}

function start() {
  const textarea = document.getElementById('body');
  const form = textarea?.form;
  if (!textarea || !form || textarea.dataset.rich) return;
  textarea.dataset.rich = 'on';
  readPageWords();
  const media = knownMedia(form);
  const parse = (text) => parseMarkdown(text, schema, { resolveImage: (id) => media.get(id) || {} });

  const label = document.querySelector('label[for="body"]');
  if (label && !label.id) label.id = 'body-label';
  const help = document.getElementById('body-help');

  const message = h('p', { class: 'rich-message', role: 'alert' });
  const stats = h('p', { id: 'rich-stats', class: 'rich-stats', role: 'status' });
  const fileInput = h('input', { type: 'file', accept: IMAGE_TYPES.join(','), multiple: true, hidden: true, tabindex: '-1' });
  const toolbar = h('div', { class: 'rich-toolbar', role: 'toolbar', 'aria-label': words.say('nr-rich-toolbar'), 'aria-controls': 'rich-body' });
  const mount = h('div', { class: 'rich-mount' });
  const wrap = h('div', { class: 'rich-editor' }, toolbar, mount, stats, message, fileInput);

  let view = null;
  let writing = false;
  let statsTimer = null;

  const say = (text) => {
    message.textContent = text;
  };

  /** The document, in the dialect, into the textarea: an `input` event tells the form. */
  const write = () => {
    const text = serializeMarkdown(view.state.doc);
    if (text === textarea.value) return;
    writing = true;
    try {
      textarea.value = text;
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    } finally {
      writing = false;
    }
  };

  const countWords = () => {
    const { doc } = view.state;
    stats.textContent = describeLength(doc.textBetween(0, doc.content.size, ' ', ' '), words);
  };

  // ---- embeds: an address from another site, a block of its own
  const addEmbed = async () => {
    const answer = await ask({
      title: words.say('nr-rich-embed-title'),
      label: words.say('nr-rich-embed-label'),
      hint: words.say('nr-rich-embed-hint', ADDRESSES),
      value: '',
      dir: 'ltr',
      confirm: words.say('nr-rich-embed'),
      remove: null,
      maxlength: '2000',
      validate: (value) => (value && !cleanEmbedUrl(value) ? words.say('nr-rich-embed-invalid', ADDRESSES) : undefined),
    });
    view.focus();
    const url = answer ? cleanEmbedUrl(answer) : null;
    if (!url) return;
    const node = schema.nodes.embed.create({ url });
    view.dispatch(view.state.tr.replaceSelectionWith(node).scrollIntoView());
  };

  // ---- links
  const editLink = async () => {
    const { state } = view;
    if (!canLink(state)) return;
    const around = linkAround(state);
    const { from, to, empty } = state.selection;
    const answer = await ask({
      title: words.say(around ? 'nr-rich-link-edit' : 'nr-rich-link-add'),
      label: words.say('nr-rich-link-label'),
      hint: words.say('nr-rich-link-hint', ADDRESSES),
      value: around?.href || '',
      dir: 'ltr',
      confirm: words.say('nr-rich-link-save'),
      remove: around ? words.say('nr-rich-link-remove') : null,
      maxlength: '2000',
      validate: (value) => (value && !safeHref(value) ? words.say('nr-rich-link-invalid', ADDRESSES) : undefined),
    });
    view.focus();
    if (answer === null) return;
    const type = schema.marks.link;
    const tr = view.state.tr;
    if (answer === '') {
      if (around) tr.removeMark(around.from, around.to, type);
      else tr.removeMark(from, to, type);
    } else {
      const mark = type.create({ href: safeHref(answer) });
      if (around) tr.addMark(around.from, around.to, mark);
      else if (empty) tr.insert(from, schema.text(mark.attrs.href, [mark]));
      else tr.addMark(from, to, mark);
    }
    view.dispatch(tr.scrollIntoView());
  };

  // ---- pictures
  const upload = async (files, at) => {
    for (const file of files) {
      if (!IMAGE_TYPES.includes(file.type)) {
        say(words.say('nr-rich-not-image', { name: `\u2068${file.name}\u2069` }));
        continue;
      }
      const alt = await ask({
        title: words.say('nr-rich-alt-title'),
        label: words.say('nr-rich-alt-label'),
        hint: words.say('nr-rich-alt-hint'),
        confirm: words.say('nr-rich-alt-upload'),
        maxlength: '500',
        picture: await readAsDataURL(file),
        validate: (value) => (value ? undefined : words.say('nr-rich-alt-required')),
      });
      view.focus();
      if (alt === null) continue;
      const id = uid('upload');
      const pos = imagePosition(view.state, Math.min(at, view.state.doc.content.size));
      view.dispatch(view.state.tr.setMeta(uploads, { add: { id, pos } }));
      say('');
      let answer = null;
      let problem = null;
      try {
        const body = new FormData();
        body.append('csrf', form.elements.csrf?.value || '');
        body.append('alt', alt);
        body.append('file', file, file.name);
        const response = await fetch('/admin/media', {
          method: 'POST',
          body,
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
        });
        const json = await response.json().catch(() => null);
        if (response.ok && Number.isSafeInteger(json?.id)) answer = json;
        else if (json?.error) problem = json.error;
        else if (REFUSALS[response.status]) problem = words.say(REFUSALS[response.status]);
        else problem = words.say('nr-rich-upload-failed', { status: response.status });
      } catch {
        problem = words.say('nr-rich-upload-offline');
      }
      const where = placeholderAt(view.state, id);
      const tr = view.state.tr.setMeta(uploads, { remove: id });
      if (answer && where !== null) {
        media.set(answer.id, { src: answer.url, alt: answer.alt });
        const node = image.create({ id: answer.id, src: answer.url, alt: answer.alt }, caption.create());
        tr.replaceRangeWith(where, where, node);
        at = tr.mapping.map(where);
      }
      view.dispatch(tr.scrollIntoView());
      if (problem) say(problem);
    }
  };
  fileInput.addEventListener('change', () => {
    const files = [...fileInput.files];
    fileInput.value = '';
    if (files.length) upload(files, view.state.selection.from);
  });

  // ---- toolbar
  const run = (command) => () => command(view.state, view.dispatch, view);
  const buttons = [
    { action: 'heading', keys: 'Alt+2', command: toggleBlock(heading), active: (s) => blocksAre(s, heading) },
    { action: 'list', keys: 'Shift+8', command: toggleList, active: inList },
    { action: 'quote', keys: 'Shift+9', command: toggleBlock(quote), active: (s) => blocksAre(s, quote) },
    { action: 'bold', keys: 'B', command: toggleStrong, active: (s) => markActive(s, schema.marks.strong) },
    { action: 'italic', keys: 'I', command: toggleEm, active: (s) => markActive(s, schema.marks.em) },
    { action: 'link', keys: 'K', command: canLink, click: editLink, active: (s) => markActive(s, schema.marks.link) },
    { action: 'image', command: (s) => !!s, click: () => fileInput.click() },
    { action: 'embed', command: (s) => !!s, click: () => addEmbed() },
  ].map((b, i) => {
    const label = words.say(`nr-rich-${b.action}`);
    const button = h(
      'button',
      {
        type: 'button',
        class: 'rich-button',
        'aria-label': label,
        'aria-keyshortcuts': b.keys ? `${MOD}+${b.keys}` : null,
        title: b.keys ? `${label} (${MOD_SHOWN}+${b.keys})` : label,
        tabindex: i === 0 ? '0' : '-1',
        'data-action': b.action,
      },
      label,
    );
    // Keep the editor's selection: the button acts on it.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-disabled') === 'true') return;
      if (b.click) b.click();
      else run(b.command)();
      if (!b.click) view.focus();
    });
    toolbar.append(button);
    return { ...b, button };
  });
  // One tab stop; the arrows move along it (right to left: ← is next).
  toolbar.addEventListener('keydown', (event) => {
    const all = buttons.map((b) => b.button);
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    const rtl = getComputedStyle(toolbar).direction === 'rtl';
    const step = { ArrowLeft: rtl ? 1 : -1, ArrowRight: rtl ? -1 : 1 }[event.key];
    let to = null;
    if (step) to = (at + step + all.length) % all.length;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = all.length - 1;
    if (to === null) return;
    event.preventDefault();
    all[at].tabIndex = -1;
    all[to].tabIndex = 0;
    all[to].focus();
  });
  const updateToolbar = (state) => {
    for (const b of buttons) {
      const enabled = b.command(state);
      b.button.setAttribute('aria-disabled', String(!enabled));
      if (b.active) b.button.setAttribute('aria-pressed', String(enabled && b.active(state)));
    }
  };

  // ---- the editor itself
  const rules = inputRules({
    rules: [
      textblockTypeInputRule(/^##\s$/, heading),
      textblockTypeInputRule(/^>\s$/, quote),
      wrappingInputRule(/^\s*[-•–*]\s$/, bullet_list, null, (_, node) => node.type === bullet_list),
    ],
  });
  const enter = chainCommands(leaveCaption, splitListItem(list_item), baseKeymap.Enter);
  const keys = keymap({
    'Mod-z': undo,
    'Shift-Mod-z': redo,
    'Mod-y': redo,
    'Mod-b': toggleStrong,
    'Mod-i': toggleEm,
    'Mod-k': (state) => {
      if (!canLink(state)) return false;
      editLink();
      return true;
    },
    'Mod-Alt-2': toggleBlock(heading),
    'Mod-Shift-8': toggleList,
    'Mod-Shift-9': toggleBlock(quote),
    Enter: enter,
    'Shift-Enter': chainCommands(insertBreak, enter),
    Backspace: undoInputRule,
  });

  const hasImageFiles = (data) => [...(data?.files || [])].some((f) => f.type.startsWith('image/'));

  view = new EditorView(mount, {
    state: EditorState.create({
      doc: parse(textarea.value),
      plugins: [rules, keys, keymap(baseKeymap), history(), dropCursor({ class: 'rich-dropcursor', color: false }), uploadPlaceholders, emptyHints],
    }),
    attributes: {
      id: 'rich-body',
      class: 'rich-body',
      // The article's edition's direction and language (an English story is
      // written left to right), as the form says.
      dir: textarea.dataset.dir || 'rtl',
      lang: textarea.dataset.lang || 'ar',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-labelledby': label?.id || '',
      'aria-describedby': help ? 'body-help rich-stats' : 'rich-stats',
      spellcheck: 'true',
    },
    transformPastedHTML: (html) => cleanPastedHTML(html),
    handlePaste(v, event) {
      const data = event.clipboardData;
      // A picture alone (a screenshot, an image file): upload it here. With
      // text around it (a web page), the text is what is pasted.
      if (!hasImageFiles(data)) return false;
      const html = data.getData('text/html');
      if (html && new DOMParser().parseFromString(html, 'text/html').body.textContent.trim() !== '') return false;
      upload([...data.files], v.state.selection.from);
      return true;
    },
    handleDrop(v, event, _slice, moved) {
      const data = event.dataTransfer;
      if (moved || !data?.files?.length) return false;
      if (!hasImageFiles(data)) {
        say(words.say('nr-rich-drop-images-only'));
        return true;
      }
      const at = v.posAtCoords({ left: event.clientX, top: event.clientY });
      upload([...data.files], at ? at.pos : v.state.selection.from);
      return true;
    },
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      if (tr.docChanged) {
        if (!tr.getMeta('nashir-source')) write();
        clearTimeout(statsTimer);
        statsTimer = setTimeout(countWords, 400);
      }
      updateToolbar(view.state);
    },
  });

  // The textarea is kept, out of sight, as the form's field.
  textarea.classList.add('rich-source');
  textarea.setAttribute('aria-hidden', 'true');
  textarea.tabIndex = -1;
  textarea.after(wrap);
  if (help) {
    help.textContent = words.say('nr-rich-help', {
      bold: ltr(`${MOD_SHOWN}+B`),
      italic: ltr(`${MOD_SHOWN}+I`),
      link: ltr(`${MOD_SHOWN}+K`),
      newline: ltr('Shift+Enter'),
    });
  }
  label?.addEventListener('click', (event) => {
    event.preventDefault();
    view.focus();
  });
  // Text put into the textarea from elsewhere (a restored draft, a script)
  // replaces the editor's document.
  textarea.addEventListener('input', () => {
    if (writing) return;
    const doc = parse(textarea.value);
    view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, doc.content).setMeta('nashir-source', true));
  });
  form.addEventListener('submit', write);
  countWords();
  updateToolbar(view.state);
  wrap.classList.add('rich-ready');
}

start();
