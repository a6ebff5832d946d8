// The Query page's editor: CodeMirror 6 with the SPARQL mode, prefix and term completion from the
// vocabulary (config.json) and Ctrl+Enter to run. Bundled with esbuild into assets/query/vendor/editor.js
// (generator/planatlas/queryeditor.py runs it), so nothing is loaded from another host.
// The <textarea> stays the source of truth: the editor writes every change back to it, and reads it
// again on an "input" event, so the page works (as a plain textarea) when the bundle is missing.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { autocompletion, completionKeymap, closeBrackets } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";

// Completions for the word before the cursor: "pa:ow" -> pa:ownedBy; "act" -> action: (a prefix).
export function completer(prefixes, terms, keywords) {
  const prefixOptions = Object.keys(prefixes).sort().map((p) => ({ label: `${p}:`, type: "namespace", detail: prefixes[p] }));
  const keywordOptions = keywords.map((k) => ({ label: k, type: "keyword" }));
  return (context) => {
    const word = context.matchBefore(/[A-Za-z][\w-]*:[\w.-]*|[A-Za-z][\w-]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const colon = word.text.indexOf(":");
    if (colon >= 0) {
      const prefix = word.text.slice(0, colon);
      const locals = terms[prefix];
      if (!locals) return null;
      return {
        from: word.from + colon + 1,
        options: locals.map((t) => ({ label: t.name, type: t.kind || "property", detail: t.detail || "" })),
        validFor: /^[\w.-]*$/,
      };
    }
    return { from: word.from, options: prefixOptions.concat(keywordOptions), validFor: /^[\w-]*$/ };
  };
}

const KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "OPTIONAL", "FILTER", "UNION", "MINUS", "GROUP BY", "ORDER BY",
  "HAVING", "LIMIT", "OFFSET", "VALUES", "BIND", "COUNT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "STR",
  "LCASE", "CONTAINS", "COALESCE", "GROUP_CONCAT", "SAMPLE", "EXISTS", "NOT EXISTS", "DESC", "ASC"];

export function attachEditor(textarea, { prefixes, terms, onRun }) {
  const label = textarea.id ? document.querySelector(`label[for="${textarea.id}"]`) : null;
  const view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), bracketMatching(), closeBrackets(),
        StreamLanguage.define(sparql), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        autocompletion({ override: [completer(prefixes, terms, KEYWORDS)] }),
        keymap.of([{ key: "Mod-Enter", run: () => { onRun(); return true; } },
          ...completionKeymap, ...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": label ? label.textContent : "SPARQL query",
          "aria-multiline": "true" }),
        EditorView.updateListener.of((u) => { if (u.docChanged) textarea.value = u.state.doc.toString(); }),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea);
  textarea.hidden = true;
  textarea.addEventListener("input", () => {
    if (textarea.value !== view.state.doc.toString()) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: textarea.value } });
    }
  });
  if (label) label.addEventListener("click", () => view.focus());
  return {
    view,
    setValue(text) {
      textarea.value = text;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
  };
}
