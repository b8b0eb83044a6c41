import { StandardSQL, sql } from '@codemirror/lang-sql';
import { EditorSelection, Prec, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, keymap, WidgetType } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

/** Product addresses and their columns, for completion: `{ domain: { product: [columns] } }`. */
export type SqlSchema = Record<string, Record<string, readonly string[]>>;

export interface SqlEditorHandle {
  /** Puts the cursor at a character offset and focuses the editor (an error's position). */
  focusAt(offset: number): void;
  /** Replaces the text (a query from the history) and focuses the editor at its end. */
  setText(text: string): void;
  /** Marks the server's error position in the text (null: clears it); the mark goes when the text changes. */
  markError(offset: number | null, message?: string): void;
}

const setErrorMark = StateEffect.define<{ offset: number; message: string } | null>();

/** A caret where the error is at the very end of the text, where no character can be marked. */
class EndMark extends WidgetType {
  constructor(readonly message: string) {
    super();
  }
  override eq(other: EndMark) {
    return other.message === this.message;
  }
  toDOM() {
    const span = document.createElement('span');
    span.className = 'cm-error-mark cm-error-end';
    span.title = this.message;
    span.textContent = '⚠';
    return span;
  }
}

/** The error mark: the word (or character) at the offset underlined, its line tinted. */
const errorMark = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = tr.docChanged ? Decoration.none : marks;
    for (const effect of tr.effects) {
      if (!effect.is(setErrorMark)) continue;
      if (effect.value === null) {
        next = Decoration.none;
        continue;
      }
      const doc = tr.state.doc;
      const at = Math.max(0, Math.min(effect.value.offset, doc.length));
      const line = doc.lineAt(at);
      const attributes = { title: effect.value.message, 'data-offset': String(at) };
      const word = tr.state.wordAt(at);
      const end = word && word.from === at ? word.to : Math.min(at + 1, line.to);
      next = Decoration.set(
        [
          Decoration.line({ class: 'cm-error-line' }).range(line.from),
          end > at
            ? Decoration.mark({ class: 'cm-error-mark', attributes }).range(at, end)
            : Decoration.widget({ widget: new EndMark(effect.value.message), side: 1 }).range(at),
        ],
        true,
      );
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

interface Props {
  readonly value: string;
  readonly schema: SqlSchema;
  readonly onChange: (value: string) => void;
  readonly onRun: () => void;
}

/** The CSP nonce the server gave this page (`<meta property="csp-nonce">`); empty without one (`vite dev`). */
function cspNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
}

/** CodeMirror 6 with SQL highlighting, completion of product and column names, and Ctrl/Cmd+Enter to run. */
export const SqlEditor = forwardRef<SqlEditorHandle, Props>(function SqlEditor(
  { value, schema, onChange, onRun },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once per schema; value is its initial text
  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      doc: view.current?.state.doc.toString() ?? value,
      parent: host.current,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: () => {
                callbacks.current.onRun();
                return true;
              },
            },
          ]),
        ),
        basicSetup,
        // CodeMirror writes its styles into a <style> element, which the server's CSP allows by nonce only.
        EditorView.cspNonce.of(cspNonce()),
        errorMark,
        EditorView.lineWrapping,
        sql({
          dialect: StandardSQL,
          schema: schema as Record<string, Record<string, string[]>>,
          upperCaseKeywords: true,
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'SQL query', 'aria-multiline': 'true' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
        }),
      ],
    });
    view.current = editor;
    return () => editor.destroy();
  }, [schema]);

  useImperativeHandle(ref, () => ({
    focusAt(offset: number) {
      const editor = view.current;
      if (!editor) return;
      const at = Math.max(0, Math.min(offset, editor.state.doc.length));
      editor.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
      editor.focus();
    },
    markError(offset: number | null, message = 'The server reports an error here') {
      const editor = view.current;
      if (!editor) return;
      if (offset === null) {
        editor.dispatch({ effects: setErrorMark.of(null) });
        return;
      }
      const at = Math.max(0, Math.min(offset, editor.state.doc.length));
      editor.dispatch({
        effects: setErrorMark.of({ offset: at, message }),
        selection: EditorSelection.cursor(at),
        scrollIntoView: true,
      });
    },
    setText(text: string) {
      const editor = view.current;
      if (!editor) return;
      editor.dispatch({
        changes: { from: 0, to: editor.state.doc.length, insert: text },
        selection: EditorSelection.cursor(text.length),
      });
      editor.focus();
    },
  }));

  return <div className="sql-editor" ref={host} />;
});
