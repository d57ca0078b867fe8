// Stands in for the network origin of test feeds: fetches of https://feeds.test/*
// are answered from memory (404 when unknown) and counted; every other URL goes
// to the real fetch. The widget's own fetch code runs unchanged on top of it.
const feeds = new Map();
const counts = new Map();
const realFetch = globalThis.fetch.bind(globalThis);

globalThis.fetch = function (input, init) {
  const url = typeof input === "string" ? input : input.url;
  if (!url.startsWith("https://feeds.test/")) return realFetch(input, init);
  if (init && init.credentials !== "omit") return Promise.reject(new TypeError("credentials must be omitted"));
  counts.set(url, (counts.get(url) || 0) + 1);
  const body = feeds.get(url);
  return Promise.resolve(body === undefined
    ? new Response("not found", { status: 404 })
    : new Response(body, { status: 200, headers: { "content-type": "application/json" } }));
};

export function serve_feed(url, body) { feeds.set(url, body); }
export function requests_for(url) { return counts.get(url) || 0; }
