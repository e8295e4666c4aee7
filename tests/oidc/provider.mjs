// A real OpenID Connect provider for the single sign-on tests (npm "oidc-provider", OpenID Certified).
// Usage: node provider.mjs PORT REDIRECT_URI. Prints "ready" when it listens on 127.0.0.1:PORT.
// Accounts are made up from the login name typed at its dev login form:
//   any name            -> email NAME@example.org, verified
//   "unverified-…"      -> email not verified
//   "slow-…"            -> authorization codes expire after one second
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const redirectUri = process.argv[3];

const configuration = {
  clients: [{
    client_id: "vox-test",
    client_secret: "vox-test-secret-that-is-long-enough",
    redirect_uris: [redirectUri],
    grant_types: ["authorization_code"],
    response_types: ["code"],
  }],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: `${id}@example.org`,
          email_verified: !id.startsWith("unverified"),
          name: `Test ${id}`,
        };
      },
    };
  },
  ttl: {
    AuthorizationCode(ctx, code) { return code.accountId && code.accountId.startsWith("slow") ? 1 : 60; },
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["vox-test-cookie-key"] },
};

const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
provider.listen(port, "127.0.0.1", () => console.log("ready"));
