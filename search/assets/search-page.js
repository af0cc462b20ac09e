/*
 * The search page (/search/): reads ?q=&std=&ctl= from the address, loads the index beside this script,
 * shows the results and keeps the address in step as the user types, so that a search is a link.
 * Needs search.js (window.IsmsSearch), loaded before it. Loads nothing from another origin.
 */
(function () {
  'use strict';

  const PAGE_SIZE = 30;
  const DEBOUNCE_MS = 120;

  const script = document.currentScript;
  const here = new URL('.', script ? script.src : location.href); // …/search/
  const siteRoot = new URL('..', here); // the site root, also for a snapshot under /versions/<id>/

  function start() {
    const form = document.getElementById('search-form');
    if (!form || !window.IsmsSearch) return;
    const ui = {
      form,
      input: document.getElementById('search-q'),
      std: document.getElementById('search-std'),
      ctl: document.getElementById('search-ctl'),
      filters: document.getElementById('search-filters'),
      status: document.getElementById('search-status'),
      list: document.getElementById('search-results'),
      more: document.getElementById('search-more'),
      partial: document.getElementById('search-partial'),
      suggest: document.getElementById('search-suggest'),
    };
    const params = new URLSearchParams(location.search);
    ui.input.value = params.get('q') || '';
    setStatus(ui, '索引を読み込んでいます…');

    Promise.all([fetchJSON(new URL('index.json', here)), fetchJSON(new URL('text.json', here))])
      .then(([index, text]) => {
        const searcher = new window.IsmsSearch.Searcher(index, text);
        fillFilters(ui, searcher, params);
        wire(ui, searcher);
        run(ui, searcher, false);
      })
      .catch(() => setStatus(ui, '検索の索引を読み込めませんでした。ページを再読み込みしてください。'));
  }

  function fetchJSON(url) {
    return fetch(url, { credentials: 'same-origin' }).then((r) => {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  function fillFilters(ui, searcher, params) {
    for (const s of searcher.stds) {
      ui.std.append(new Option(s.n === '00' ? s.title : s.label + s.title, s.n));
    }
    for (const c of searcher.controls) ui.ctl.append(new Option(c, c));
    ui.std.value = params.get('std') || '';
    ui.ctl.value = params.get('ctl') || '';
    if (ui.std.value !== (params.get('std') || '')) ui.std.value = '';
    if (ui.ctl.value !== (params.get('ctl') || '')) ui.ctl.value = '';
    ui.filters.hidden = false;
  }

  function wire(ui, searcher) {
    let timer = 0;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => run(ui, searcher, true), DEBOUNCE_MS);
    };
    // While an input method is composing (ぱすわ… before it becomes パスワード) the text is not what the user
    // means yet: search when the composition ends.
    ui.input.addEventListener('input', (e) => {
      if (!e.isComposing) later();
    });
    ui.input.addEventListener('compositionend', later);
    ui.std.addEventListener('change', () => run(ui, searcher, true));
    ui.ctl.addEventListener('change', () => run(ui, searcher, true));
    ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearTimeout(timer);
      run(ui, searcher, true);
      const first = ui.list.querySelector('a');
      if (first) first.focus();
    });
    window.addEventListener('popstate', () => {
      const p = new URLSearchParams(location.search);
      ui.input.value = p.get('q') || '';
      ui.std.value = p.get('std') || '';
      ui.ctl.value = p.get('ctl') || '';
      run(ui, searcher, false);
    });
    // Arrow keys move between the search box and the results; Escape goes back to the box.
    ui.input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        const first = ui.list.querySelector('a');
        if (first) {
          e.preventDefault();
          first.focus();
        }
      }
    });
    ui.list.addEventListener('keydown', (e) => {
      const links = Array.from(ui.list.querySelectorAll('a'));
      const i = links.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown' && i + 1 < links.length) {
        e.preventDefault();
        links[i + 1].focus();
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        (i > 0 ? links[i - 1] : ui.input).focus();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        ui.input.focus();
      }
    });
  }

  function run(ui, searcher, updateAddress) {
    const q = ui.input.value;
    const filters = { std: ui.std.value, control: ui.ctl.value };
    if (updateAddress) {
      const p = new URLSearchParams();
      if (q.trim() !== '') p.set('q', q);
      if (filters.std) p.set('std', filters.std);
      if (filters.control) p.set('ctl', filters.control);
      const s = p.toString();
      history.replaceState(null, '', s === '' ? location.pathname : '?' + s);
    }
    const res = searcher.search(q, filters);
    render(ui, searcher, res, filters);
  }

  function render(ui, searcher, res, filters) {
    ui.list.replaceChildren();
    ui.suggest.replaceChildren();
    ui.more.hidden = true;
    ui.partial.hidden = true;
    const q = res.query;
    const filtered = Boolean(filters.std || filters.control);
    if (q.terms.length === 0 && !filtered) {
      setStatus(ui, '');
      return;
    }
    const what = q.terms.length > 0 ? '「' + q.terms.map((t) => t.raw).join(' ') + '」' : '絞り込み条件';
    if (res.results.length === 0) {
      setStatus(ui, what + 'に一致する条文は見つかりませんでした。');
      renderSuggestions(ui, searcher, q, filters);
      return;
    }
    setStatus(ui, res.fallback ? fallbackStatus(what, res) : what + 'の検索結果: ' + res.results.length + '件');
    // items are what the list shows, in order: results, and once asked for, a heading and the articles that
    // have only some of the terms
    const items = res.results.slice();
    let shown = 0;
    const show = (upTo) => {
      for (; shown < Math.min(upTo, items.length); shown++) {
        const it = items[shown];
        ui.list.append(it === PARTIAL ? partialHeading() : resultItem(searcher, q, it));
      }
      ui.more.hidden = shown >= items.length;
    };
    // each button shows more and moves the focus to the first link it added
    const then = (action) => () => {
      const before = ui.list.querySelectorAll('a').length;
      action();
      const link = ui.list.querySelectorAll('a')[before];
      if (link) link.focus();
    };
    ui.more.onclick = then(() => show(shown + PAGE_SIZE));
    ui.partial.hidden = res.partial.length === 0;
    ui.partial.textContent = '一部の言葉だけを含む条文も表示する（' + res.partial.length + '件）';
    ui.partial.onclick = then(() => {
      ui.partial.hidden = true;
      const at = items.length;
      items.push(PARTIAL, ...res.partial);
      show(at + 1 + PAGE_SIZE);
    });
    show(PAGE_SIZE);
  }

  const PARTIAL = {};

  function partialHeading() {
    const li = el('li', 'search-partial-title');
    li.append(el('h2', '', '一部の言葉だけを含む条文'));
    return li;
  }

  // fallbackStatus says first that no article has the query as typed, then what the results have instead.
  function fallbackStatus(what, res) {
    const fb = res.fallback;
    const quoted = (terms) => '「' + terms.join('」「') + '」';
    const notes = [];
    if (fb.missing.length > 0) notes.push(quoted(fb.missing) + 'を含む条文はないため、ほかの言葉を含む条文を表示しています。');
    if (fb.apart) notes.push(quoted(res.query.terms.map((t) => t.raw)) + 'をすべて含む条文はないため、どれかを含む条文を表示しています。');
    if (fb.inWord.length > 0) notes.push(quoted(fb.inWord) + 'は、ほかの言葉の一部としてだけ含まれています。');
    for (const p of fb.parts) notes.push(quoted([p.term]) + 'は、' + quoted(p.parts) + 'に分けて探しました。');
    if (fb.synonyms.length > 0) notes.push(quoted(fb.synonyms) + 'は、同じ意味の別の言葉で探しました。');
    return what + 'と一致する条文はありません。' + notes.join('') + '表示している条文: ' + res.results.length + '件';
  }

  function resultItem(searcher, q, r) {
    const d = r.doc;
    const li = el('li', 'search-result');
    const h = el('h2', 'search-result-title');
    const a = el('a');
    a.href = new URL(searcher.url(d), siteRoot).pathname + '#art-' + d.number;
    a.append(el('span', 'search-result-ref', searcher.label(d)));
    if (d.caption !== '') {
      a.append(' ');
      const cap = el('span', 'search-result-caption');
      appendRuns(cap, searcher.caption(r, q));
      a.append(cap);
    }
    h.append(a);
    li.append(h);
    const meta = el('p', 'search-result-meta', d.std.n === '00' ? d.std.title : d.std.label + d.std.title);
    if (d.controls.length > 0) {
      let ctl = d.controls.join('、');
      if (d.controls2022.length > 0) ctl += '（2022年版 ' + d.controls2022.join('、') + '）';
      meta.append(' ', el('span', 'search-result-controls', ctl));
    }
    li.append(meta);
    const snip = el('p', 'search-result-snippet');
    appendRuns(snip, searcher.snippet(r, q, 100));
    li.append(snip);
    return li;
  }

  function renderSuggestions(ui, searcher, q, filters) {
    const items = [];
    if (filters.std || filters.control) {
      const all = searcher.search(q.raw, {});
      if (all.results.length > 0) {
        items.push(link(searchURL(q.raw, {}), '絞り込みを外して検索する（' + all.results.length + '件）'));
      }
    }
    for (const s of searcher.suggest(q)) {
      const label = s.count ? '「' + s.query + '」で検索（' + s.count + '件）' : '「' + s.query + '」で検索';
      items.push(link(searchURL(s.query, filters), label));
    }
    const box = ui.suggest;
    if (items.length > 0) {
      box.append(el('h2', 'search-suggest-title', 'ほかの検索'));
      const ul = el('ul');
      for (const it of items) {
        const li = el('li');
        li.append(it);
        ul.append(li);
      }
      box.append(ul);
    }
    box.append(el('p', 'search-hint',
      'ひらがなとカタカナ、全角と半角、送り仮名（持ち出し・持出し）、長音（サーバ・サーバー）の違いは区別しません。' +
      '言葉を短くするか、別の言い方（例: PC → パソコン）を試してください。条番号（第16条）や管理策（A9.4.2、2022年版の 8.5）でも探せます。'));
  }

  function searchURL(q, filters) {
    const p = new URLSearchParams();
    p.set('q', q);
    if (filters.std) p.set('std', filters.std);
    if (filters.control) p.set('ctl', filters.control);
    return '?' + p.toString();
  }

  function link(href, text) {
    const a = el('a', '', text);
    a.href = href;
    return a;
  }

  function appendRuns(parent, runs) {
    for (const r of runs) parent.append(r.mark ? el('mark', '', r.text) : document.createTextNode(r.text));
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function setStatus(ui, text) {
    ui.status.textContent = text;
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
