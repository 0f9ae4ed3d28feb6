import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/** A code editor mounted by {@link createCodeEditor}. */
export interface CodeEditor {
  /** The code as edited. */
  getCode(): string;
  /** Replaces the whole text (e.g. on Reset). */
  setCode(code: string): void;
  /** Puts the cursor at the start of a 1-based line and scrolls to it. */
  goToLine(line: number, column?: number): void;
  /** Removes the editor from the page. */
  destroy(): void;
}

/** Options for {@link createCodeEditor}. */
export interface CodeEditorOptions {
  /** Called after every change to the text. */
  onChange?: (code: string) => void;
  /** Called on Ctrl-Enter or Cmd-Enter. */
  onRun?: () => void;
  /** Accessible name of the editing area. Default 'Example code'. */
  label?: string;
}

/**
 * Mounts a CodeMirror 6 editor for JavaScript into `parent`: line numbers,
 * syntax colours, undo history, Tab to indent, Ctrl/Cmd-Enter to run. This
 * module is loaded only when a reader first presses Edit.
 *
 * @param parent - The element to fill.
 * @param code - The initial text.
 * @param options - Change and run callbacks, and the accessible name.
 * @returns Functions to read, replace and navigate the text.
 * @example
 * const editor = createCodeEditor(div, source, { onRun: () => run(editor.getCode()) });
 */
export function createCodeEditor(parent: HTMLElement, code: string, options: CodeEditorOptions = {}): CodeEditor {
  const runKey = { key: 'Mod-Enter', run: () => (options.onRun?.(), true) };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: code,
      extensions: [
        lineNumbers(),
        history(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        javascript(),
        keymap.of([runKey, indentWithTab, ...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ 'aria-label': options.label ?? 'Example code' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange?.(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (next) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } }),
    goToLine: (line, column = 1) => {
      const doc = view.state.doc;
      const target = doc.line(Math.min(Math.max(1, line), doc.lines));
      const pos = Math.min(target.from + Math.max(0, column - 1), target.to);
      view.dispatch({ selection: EditorSelection.cursor(pos), scrollIntoView: true });
      view.focus();
    },
    destroy: () => view.destroy(),
  };
}
