import { StandardSQL, sql } from '@codemirror/lang-sql';
import { EditorSelection, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

/** Product addresses and their columns, for completion: `{ domain: { product: [columns] } }`. */
export type SqlSchema = Record<string, Record<string, readonly string[]>>;

export interface SqlEditorHandle {
  /** Puts the cursor at a character offset and focuses the editor (an error's position). */
  focusAt(offset: number): void;
}

interface Props {
  readonly value: string;
  readonly schema: SqlSchema;
  readonly onChange: (value: string) => void;
  readonly onRun: () => void;
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
  }));

  return <div className="sql-editor" ref={host} />;
});
