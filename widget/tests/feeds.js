// Stands in for the network origin of test feeds: fetches of https://feeds.test/*
// are answered from memory (404 when unknown); every other URL goes to the real
// fetch. Every request is counted by URL. The widget's own fetch code runs unchanged
// on top of it.
const feeds = new Map();
const counts = new Map();
const hanging = new Map();
const realFetch = globalThis.fetch.bind(globalThis);

globalThis.fetch = function (input, init) {
  const url = new URL(typeof input === "string" ? input : input.url, document.baseURI).href;
  counts.set(url, (counts.get(url) || 0) + 1);
  if (!url.startsWith("https://feeds.test/")) return realFetch(input, init);
  if (init && init.credentials !== "omit") return Promise.reject(new TypeError("credentials must be omitted"));
  if (hanging.get(url) > 0) {
    hanging.set(url, hanging.get(url) - 1);
    // A server that never answers: only the caller's abort ends the request.
    return new Promise((_, reject) => {
      const signal = init && init.signal;
      if (signal) signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  }
  const body = feeds.get(url);
  return Promise.resolve(body === undefined
    ? new Response("not found", { status: 404 })
    : new Response(body, { status: 200, headers: { "content-type": "application/json" } }));
};

export function serve_feed(url, body) { feeds.set(url, body); }
export function requests_for(url) { return counts.get(new URL(url, document.baseURI).href) || 0; }
/** The next `times` requests for `url` hang until aborted. */
export function hang_next(url, times) { hanging.set(url, times); }
