// The one way the package sends a request to the Web API: with the bearer token getToken gives, and,
// when the answer is 401, once more with a fresh one (getToken({forceRefresh: true})), as MSAL and
// oidc-client-ts hand out tokens that expire. The transport, the center's WhoAmI and Xrm.WebApi all
// send through it.

/**
 * fetch(url, init) with Accept: application/json, the token and `headers`.
 * @param {({forceRefresh}) => string | Promise<string>} getToken
 */
export async function authorizedFetch(getToken, url, init = {}, headers = {}) {
  const send = async (forceRefresh) => {
    const token = await getToken({ forceRefresh });
    const auth = token ? { Authorization: `Bearer ${token}` } : {};
    return fetch(url, { ...init, headers: { Accept: 'application/json', ...auth, ...headers } });
  };
  const response = await send(false);
  return response.status === 401 ? send(true) : response;
}

/** The Web API's base URL without trailing slashes, absolute against the page where there is one. */
export function apiBase(baseUrl) {
  const page = globalThis.location?.href;
  return (page ? new URL(baseUrl, page).href : baseUrl).replace(/\/+$/, '');
}
