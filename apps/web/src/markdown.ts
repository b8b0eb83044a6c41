import { Marked } from 'marked';

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** http(s), mailto, or a URL with no scheme (relative, fragment); never javascript:, data: or the like. */
function safeUrl(href: string): boolean {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  return scheme === undefined ? !href.trim().startsWith('//') : ['http', 'https', 'mailto'].includes(scheme);
}

/**
 * A product's README.md as HTML, its headings demoted under the page's. Raw HTML in the Markdown is escaped, not rendered, and links and images
 * keep only http(s), mailto and relative URLs, so a README cannot run script in the catalog.
 */
const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // The page has its own h1 and h2: the README's headings start at h3.
    heading({ tokens, depth }) {
      const level = Math.min(depth + 2, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      if (!safeUrl(href)) return label;
      const t = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(href)}"${t} rel="noopener noreferrer">${label}</a>`;
    },
    image({ href, text }) {
      if (!safeUrl(href)) return escapeHtml(text);
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}">`;
    },
  },
});

export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown) as string;
}
