import { describe, expect, it } from "vitest";
import { htmlToText } from "../../../app/mail/inbound/html-text";

describe("htmlToText", () => {
  it("keeps the words and line breaks, drops scripts, styles and the head", () => {
    const html = "<html><head><title>T</title><style>p{}</style></head><body><script>alert(1)</script><p>One &amp; two</p><div>Three<br>Four</div></body></html>";
    expect(htmlToText(html)).toBe("One & two\n\nThree\nFour");
  });

  it("turns images into their alternative text, never their address", () => {
    const text = htmlToText('<p>Hi</p><img src="https://evil.example/track.png" alt="logo"><img src="https://evil.example/pixel.gif">');
    expect(text).toContain("logo");
    expect(text).not.toContain("evil.example");
  });

  it("marks blockquotes as quotes, decodes numeric entities and drops invalid ones", () => {
    expect(htmlToText("<p>Yes</p><blockquote>old</blockquote>")).toBe("Yes\n\n> old");
    expect(htmlToText("caf&#233; &#x263A; &#xD800; &#0;")).toBe("café ☺");
  });

  it("does not leave a tag cut off at the end", () => {
    expect(htmlToText("text <a href='x")).toBe("text");
  });
});
