// Plan sections are Markdown. Raw HTML in them is shown as text (html: false), so nothing a
// co-founder types can run as code; links are handled by the caller (tel:/mailto: only).
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: true, breaks: false });

export function renderMarkdown(text: string): string {
  return md.render(text);
}
