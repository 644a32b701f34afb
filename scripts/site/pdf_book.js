// Turns mkdocs-print-site-plugin's combined page into a book before Chromium prints it.
// Called once as `(options) => {...}` with
//   options.site     the published site's URL ("" when there is none): links to files of the
//                    site that the book does not hold are made absolute to it, or dropped
//   options.title, options.author, options.subject   the book's metadata
//   options.avoidBreakPx   blocks shorter than this are kept on one page; longer ones may break
// and returns the contents entries [{id, number, title}] and what it changed.
(options) => {
  const book = document.getElementById("print-site-page");
  if (!book) throw new Error("no #print-site-page: not the print-site plugin's combined page");
  const report = { chapters: [], contents: [], links: { absolute: 0, dropped: 0, images: 0 }, messages: 0 };

  // -- 1. Collapsed blocks open, lazy images load now; the plugin's own numbering is off ------
  // (print-site numbers headings with CSS counters from the nav's positions, Home included.)
  book.classList.remove("print-site-enumerate-headings");
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  document.querySelectorAll("img[loading]").forEach((img) => { img.loading = "eager"; });

  // -- 2. Chapters ----------------------------------------------------------------------------
  // The nav's top level, in order: a page (section.print-page with an id) or a nav section
  // (section.md-section holding pages). The first page (Home) is front matter, unnumbered;
  // every other top-level item is a chapter. A nav section's index page opens its chapter (the
  // plugin's divider page holding only the section's title is removed); its other pages are
  // sections of that chapter and their headings move one level down.
  // Chapters are numbered 1, 2, 3, ... in order, so that chapter N holds the equations the site
  // tags (N.1), (N.2), ...; a chapter whose equations all carry one letter instead, (M.1), (M.2),
  // is labelled with that letter and takes no number, as the site labels it.
  const top = Array.from(book.children).filter(
    (el) => el.matches("section.print-page[id]") && el.id !== "print-site-cover-page"
  );
  const letterOf = (item) => {
    const tags = Array.from(item.querySelectorAll(".katex-tag, .tag"))
      .map((t) => t.textContent.replace(/\s+/g, ""));
    const prefixes = new Set(tags.map((t) => (t.match(/^\(([^.()]+)\.\d+\)$/) || [])[1]));
    if (prefixes.size !== 1) return null;
    const [prefix] = prefixes;
    return prefix && /^[A-Z]$/.test(prefix) ? prefix : null;
  };
  const units = []; // {page, chapter, role: "front" | "chapter" | "sub"}
  let chapter = 0;
  const label = (item) => letterOf(item) || String((chapter += 1));
  top.forEach((item, index) => {
    if (item.classList.contains("md-section")) {
      const key = label(item);
      const pages = Array.from(item.children).filter((el) => el.matches("section.print-page[id]"));
      const divider = item.querySelector(":scope > h1");
      const opener = pages.find((p) => /(^|-)index$/.test(p.id));
      if (opener && divider) divider.remove();
      else if (divider) {
        // No index page: the divider's title opens the chapter, followed by its pages.
        const wrap = document.createElement("section");
        wrap.className = "print-page xent-chapter-title";
        wrap.id = item.id + "-title";
        divider.replaceWith(wrap);
        wrap.appendChild(divider);
        pages.unshift(wrap);
      }
      const first = opener || pages[0];
      pages.forEach((page) => {
        units.push({ page, chapter: key, role: page === first ? "chapter" : "sub" });
      });
    } else if (index === 0) {
      units.push({ page: item, chapter: null, role: "front" });
    } else {
      units.push({ page: item, chapter: label(item), role: "chapter" });
    }
  });

  const headingsOf = (page) =>
    Array.from(page.querySelectorAll("h1, h2, h3, h4, h5, h6")).filter(
      (h) => !h.closest(".md-sidebar, nav")
    );

  const demote = (h) => {
    const level = Number(h.tagName[1]);
    if (level >= 6) return h;
    const lower = document.createElement("h" + (level + 1));
    for (const attr of Array.from(h.attributes)) lower.setAttribute(attr.name, attr.value);
    lower.classList.add("xent-demoted");
    while (h.firstChild) lower.appendChild(h.firstChild);
    h.replaceWith(lower);
    return lower;
  };

  // Headings move one level down inside a chapter's section pages, then numbers are given:
  // h1 "N", h2 "N.M", h3 "N.M.K"; deeper headings stay unnumbered.
  const counters = {};
  units.forEach((unit) => {
    let heads = headingsOf(unit.page);
    if (unit.role === "sub") heads = heads.map(demote);
    const key = unit.chapter;
    if (!(key in counters)) counters[key] = [0, 0];
    const c = counters[key];
    heads.forEach((h) => {
      const level = Number(h.tagName[1]);
      h.querySelectorAll(".headerlink, .anchor-link").forEach((a) => a.remove());
      let number = null;
      if (unit.role !== "front") {
        if (level === 1) { number = String(key); c[0] = 0; c[1] = 0; }
        else if (level === 2) { c[0] += 1; c[1] = 0; number = `${key}.${c[0]}`; }
        else if (level === 3) { c[1] += 1; number = `${key}.${c[0]}.${c[1]}`; }
      }
      if (number !== null) {
        const span = document.createElement("span");
        span.className = "xent-heading-number";
        span.textContent = number;
        h.prepend(span, document.createTextNode(" "));
      }
      const listed = level === 1 || (level === 2 && unit.role !== "front");
      if (listed) {
        if (!h.id) h.id = `xent-heading-${report.contents.length}`;
        report.contents.push({ id: h.id, number, level, node: h });
      }
    });
    unit.page.classList.add("xent-" + unit.role);
    if (unit.role === "chapter") report.chapters.push({ number: key, id: unit.page.id });
  });

  // -- 3. The contents, with a page-number slot for every entry -------------------------------
  const nav = document.querySelector("#print-page-toc nav");
  if (!nav) throw new Error("no #print-page-toc nav: add_table_of_contents must stay on");
  nav.querySelectorAll(":scope > ul").forEach((ul) => ul.remove());
  const list = document.createElement("ol");
  list.className = "xent-contents";
  report.contents.forEach((entry) => {
    const li = document.createElement("li");
    li.className = `xent-contents__l${entry.level}`;
    const a = document.createElement("a");
    a.href = "#" + entry.id;
    a.className = "xent-contents__link";
    const num = document.createElement("span");
    num.className = "xent-contents__number";
    num.textContent = entry.number || "";
    const title = document.createElement("span");
    title.className = "xent-contents__title";
    const clone = entry.node.cloneNode(true);
    clone.querySelectorAll(".xent-heading-number, .headerlink, .anchor-link").forEach((x) => x.remove());
    clone.querySelectorAll("[id]").forEach((x) => x.removeAttribute("id"));
    clone.querySelectorAll("abbr, a").forEach((x) => x.replaceWith(...x.childNodes));
    while (clone.firstChild) title.appendChild(clone.firstChild);
    // Leading white space left by the removed number.
    if (title.firstChild && title.firstChild.nodeType === 3) {
      title.firstChild.nodeValue = title.firstChild.nodeValue.replace(/^\s+/, "");
    }
    const page = document.createElement("span");
    page.className = "xent-contents__page";
    page.dataset.target = entry.id;
    page.textContent = "000"; // the widest number this book will need, filled in later
    a.append(num, title, page);
    li.appendChild(a);
    list.appendChild(li);
    entry.title = title.textContent.replace(/\s+/g, " ").trim();
    delete entry.node;
  });
  nav.appendChild(list);

  // -- 4. Links: nothing may point at the local server that printed the book ---------------
  const here = new URL(document.baseURI);
  const printPath = here.pathname;
  const unwrap = (a) => {
    const span = document.createElement("span");
    while (a.firstChild) span.appendChild(a.firstChild);
    a.replaceWith(span);
  };
  document.querySelectorAll("#print-site-page a[href]").forEach((a) => {
    // A figure that opens full size on click (GLightbox) is a link around its image: on paper
    // the image is all there is.
    if (a.querySelector("img") && !a.textContent.trim()) { unwrap(a); report.links.images += 1; return; }
    const url = new URL(a.getAttribute("href"), document.baseURI);
    if (url.protocol === "data:" || url.protocol === "blob:") { unwrap(a); return; }
    if (url.origin !== here.origin) return;
    if (url.pathname === printPath && url.hash) return; // inside the book
    const rel = url.pathname.replace(/^\/+/, "") + url.search + url.hash;
    if (options.site) {
      const absolute = new URL(rel, options.site).href;
      a.href = absolute;
      a.classList.add("xent-print-url");
      a.dataset.url = absolute;
      report.links.absolute += 1;
    } else {
      unwrap(a);
      report.links.dropped += 1;
    }
  });

  // -- 5. Tables: messages shortened on screen (full text in a tooltip) printed whole --------
  document.querySelectorAll("#print-site-page td [title]:not(abbr)").forEach((el) => {
    const full = document.createElement("template");
    full.innerHTML = el.getAttribute("title");
    const fullText = full.content.textContent.replace(/\s+/g, " ").trim();
    const short = el.matches("small") ? el : el.querySelector("small");
    if (!short || !fullText) return;
    const shown = short.textContent.replace(/\s+/g, " ").trim();
    const colon = shown.indexOf(": ");
    if (shown.endsWith("…")) {
      short.replaceChildren(full.content);
    } else if (colon > 0 && fullText.startsWith(shown.slice(colon + 2))) {
      // "warns: UserWarning" with the tooltip "UserWarning: the message": the label, then it.
      short.replaceChildren(shown.slice(0, colon + 2), ...full.content.childNodes);
    } else if (!shown.includes(fullText)) {
      short.append(": ", ...full.content.childNodes);
    } else return;
    el.removeAttribute("title");
    report.messages += 1;
  });

  // -- 6. Page breaks: short blocks stay whole, long ones may break -------------------------
  const blocks = "#print-site-page .admonition, #print-site-page details, #print-site-page .highlight, "
    + "#print-site-page .tabbed-set, #print-site-page .md-typeset__table, #print-site-page table, "
    + "#print-site-page .jp-Cell, #print-site-page .jp-OutputArea, #print-site-page pre, "
    + "#print-site-page blockquote";
  let kept = 0, free = 0;
  document.querySelectorAll(blocks).forEach((el) => {
    const height = el.getBoundingClientRect().height;
    if (height > 0 && height < options.avoidBreakPx) { el.classList.add("xent-keep"); kept += 1; }
    else { el.classList.add("xent-may-break"); free += 1; }
  });
  report.breaks = { kept, free };

  // -- 7. Formulas in the tags --------------------------------------------------------------
  // KaTeX draws a formula as HTML hidden from assistive technology (aria-hidden) next to MathML
  // that is clipped out of sight. Chromium tags only what it draws, so without this the tagged
  // PDF has no formulas at all: each drawn formula becomes an image whose alternative text is its
  // TeX source (a Figure with /Alt in the PDF), and the unpainted MathML is removed.
  let formulas = 0;
  document.querySelectorAll("#print-site-page .katex").forEach((k) => {
    const tex = k.querySelector(".katex-mathml annotation[encoding='application/x-tex']");
    const drawn = k.querySelector(":scope > .katex-html");
    if (!tex || !drawn) return;
    drawn.removeAttribute("aria-hidden");
    drawn.setAttribute("role", "img");
    drawn.setAttribute("aria-label", tex.textContent.replace(/\s+/g, " ").trim());
    k.querySelector(".katex-mathml").remove();
    formulas += 1;
  });
  report.formulas = formulas;

  // -- 8. Metadata: Chromium writes the document title as the PDF's title --------------------
  document.title = options.title;
  return report;
}
