// What the toolbar buttons and the keyboard shortcuts do.

import { toggleMark, setBlockType } from 'prosemirror-commands';
import { liftListItem } from 'prosemirror-schema-list';
import { TextSelection } from 'prosemirror-state';
import { canJoin } from 'prosemirror-transform';

import { schema } from './schema.js';

const { paragraph, quote, bullet_list, list_item, caption, hard_break } = schema.nodes;

/** Whether the selection starts inside a list item. */
export function inList(state) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    if ($from.node(d).type === list_item) return true;
  }
  return false;
}

/** Whether every textblock the selection touches is a `type` (captions aside). */
export function blocksAre(state, type) {
  const { from, to } = state.selection;
  let any = false;
  let all = true;
  state.doc.nodesBetween(from, to, (node) => {
    if (!node.isTextblock || node.type === caption) return true;
    any = true;
    if (node.type !== type) all = false;
    return false;
  });
  return any && all;
}

/** Whether mark `type` is on the selection (or will be on what is typed next). */
export function markActive(state, type) {
  const { from, to, empty, $from } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

const inCaption = (state) => state.selection.$from.parent.type === caption;

/**
 * Turns the selected blocks into `type` (a subheading, a quote), or back into
 * paragraphs when they all are one already. List items leave their list first.
 */
export function toggleBlock(type) {
  return (state, dispatch, view) => {
    if (inCaption(state) || !state.selection.$from.parent.isTextblock) return false;
    if (!dispatch) return true;
    let current = state;
    if (inList(current) && view) {
      liftListItem(list_item)(current, dispatch);
      current = view.state;
    }
    return setBlockType(blocksAre(current, type) ? paragraph : type)(current, dispatch);
  };
}

/**
 * Makes the selected blocks a bulleted list (joined to a list just before or
 * after), or takes the selected items out of their list.
 */
export function toggleList(state, dispatch) {
  if (inList(state)) return liftListItem(list_item)(state, dispatch);
  const { $from, $to } = state.selection;
  if (inCaption(state)) return false;
  const range = $from.blockRange($to);
  if (!range || range.parent.type !== state.schema.topNodeType) return false;
  const items = [];
  for (let i = range.startIndex; i < range.endIndex; i++) {
    const node = range.parent.child(i);
    if (node.type === bullet_list) node.forEach((item) => items.push(item));
    else if (node.isTextblock) items.push(list_item.create(null, paragraph.create(null, node.content)));
    else return false; // a picture cannot be a list item
  }
  if (!dispatch) return true;
  // Where the selection's ends land: the same offset in the same block, now an item.
  const offsetIn = ($pos) => {
    let pos = range.start + 1;
    for (let i = range.startIndex; i < $pos.index(0); i++) {
      const node = range.parent.child(i);
      pos += node.type === bullet_list ? node.content.size : node.content.size + 4;
    }
    return pos + 2 + $pos.parentOffset;
  };
  const list = bullet_list.create(null, items);
  const tr = state.tr.replaceWith(range.start, range.end, list);
  if ($from.parent.isTextblock && $to.parent.isTextblock && $from.depth === 1 && $to.depth === 1) {
    tr.setSelection(TextSelection.create(tr.doc, offsetIn($from), offsetIn($to)));
  }
  const end = range.start + list.nodeSize;
  if (canJoin(tr.doc, end) && tr.doc.resolve(end).nodeAfter?.type === bullet_list) tr.join(end);
  if (canJoin(tr.doc, range.start) && tr.doc.resolve(range.start).nodeBefore?.type === bullet_list) {
    tr.join(range.start);
  }
  dispatch(tr.scrollIntoView());
  return true;
}

/** Bold, italics: the usual toggle, where marks may go. */
export const toggleStrong = toggleMark(schema.marks.strong);
export const toggleEm = toggleMark(schema.marks.em);

/** Whether a link may be set on the selection. */
export function canLink(state) {
  return toggleMark(schema.marks.link, { href: '/' })(state);
}

/** The whole link around the selection (or the cursor), if there is one. */
export function linkAround(state) {
  const { $from, $to } = state.selection;
  if ($from.parent !== $to.parent || !$from.parent.inlineContent) return null;
  const type = schema.marks.link;
  const parent = $from.parent;
  // The text at the cursor: after it, or before it at a link's end.
  let index = $from.index();
  let mark = type.isInSet(parent.maybeChild(index)?.marks || []);
  if (!mark && $from.textOffset === 0 && index > 0) {
    index -= 1;
    mark = type.isInSet(parent.child(index).marks);
  }
  if (!mark) return null;
  let first = index;
  let last = index;
  while (first > 0 && mark.isInSet(parent.child(first - 1).marks)) first -= 1;
  while (last < parent.childCount - 1 && mark.isInSet(parent.child(last + 1).marks)) last += 1;
  let from = $from.start();
  for (let i = 0; i < first; i++) from += parent.child(i).nodeSize;
  let to = from;
  for (let i = first; i <= last; i++) to += parent.child(i).nodeSize;
  if ($from.pos < from || $to.pos > to) return null;
  return { from, to, href: mark.attrs.href };
}

/** Enter in a picture's caption: on to a paragraph after the picture. */
export function leaveCaption(state, dispatch) {
  const { $from } = state.selection;
  if ($from.parent.type !== caption) return false;
  if (dispatch) {
    const after = $from.after($from.depth - 1);
    const tr = state.tr;
    if (!tr.doc.resolve(after).nodeAfter?.isTextblock) tr.insert(after, paragraph.create());
    tr.setSelection(TextSelection.create(tr.doc, after + 1));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

/** Shift-Enter: a line break, where the body keeps one (paragraphs, quotes). */
export function insertBreak(state, dispatch) {
  const { $from } = state.selection;
  const parent = $from.parent.type;
  const allowed = parent === quote || (parent === paragraph && $from.node(-1).type !== list_item);
  if (!allowed) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(hard_break.create()).scrollIntoView());
  return true;
}
