#include "appnotify/url_policy.h"

#include <gtest/gtest.h>

namespace appnotify {
namespace {

TEST(UrlPolicy, AppRelativeAndWebUrlsAreLinks) {
  for (const char* url : {"?pagetype=entitylist&etn=incident", "/main.aspx", "#top", "page.aspx", "https://bing.com",
                          "HTTP://example.com", "mailto:a@b.c", "tel:+123", "//cdn.example.com/x"}) {
    EXPECT_TRUE(is_allowed_link(classify_url(url))) << url;
  }
}

TEST(UrlPolicy, ScriptCapableSchemesAreRejectedAsBrowsersReadThem) {
  for (const char* url :
       {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " \x01javascript:alert(1)", "java\tscript:alert(1)",
        "java\nscript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd"}) {
    const UrlVerdict verdict = classify_url(url);
    EXPECT_EQ(verdict.kind, UrlKind::Other) << url;
    EXPECT_FALSE(is_allowed_link(verdict)) << url;
  }
}

TEST(UrlPolicy, PercentEscapesNeverFormAScheme) {
  const UrlVerdict verdict = classify_url("javascript%3Aalert(1)");
  EXPECT_EQ(verdict.kind, UrlKind::Relative);
  EXPECT_EQ(classify_url("jav%61script:alert(1)").kind, UrlKind::Relative);
}

TEST(UrlPolicy, BackslashesLeaveTheAppLikeSlashes) {
  EXPECT_EQ(classify_url("/\\evil.example").kind, UrlKind::NetworkPath);
  EXPECT_EQ(classify_url("\\\\evil.example").kind, UrlKind::NetworkPath);
}

TEST(UrlPolicy, ImagesAreRelativeOrHttpsOnly) {
  EXPECT_TRUE(is_allowed_image(classify_url("/WebResources/x.svg")));
  EXPECT_TRUE(is_allowed_image(classify_url("https://cdn.example.com/x.png")));
  EXPECT_FALSE(is_allowed_image(classify_url("http://cdn.example.com/x.png")));
  EXPECT_FALSE(is_allowed_image(classify_url("//cdn.example.com/x.png")));
  EXPECT_FALSE(is_allowed_image(classify_url("data:image/svg+xml,<svg onload=alert(1)>")));
  EXPECT_FALSE(is_allowed_image(classify_url("   ")));
}

TEST(UrlPolicy, WebUrlsNeedAHostABrowserCanParse) {
  EXPECT_TRUE(has_valid_host(classify_url("https://example.com/x")));
  EXPECT_TRUE(has_valid_host(classify_url("https://user@example.com:8443/x")));
  EXPECT_TRUE(has_valid_host(classify_url("http://[::1]/x")));
  EXPECT_TRUE(has_valid_host(classify_url("/relative/path")));
  EXPECT_FALSE(has_valid_host(classify_url("https://")));
  EXPECT_FALSE(has_valid_host(classify_url("https://:80/x")));
  EXPECT_FALSE(has_valid_host(classify_url("http://www.<script>alert(1)</script .com")));
  EXPECT_FALSE(has_valid_host(classify_url("https://exa mple.com")));
}

}  // namespace
}  // namespace appnotify
