import QRCode from "qrcode";
import { operator } from "~/config/operator.server";
import { groupedSecret, totpUri } from "./totp";

/** What the enrolment pages show: the QR code as inline SVG markup and the key as grouped text. */
export async function enrolmentView(email: string, secret: string): Promise<{ qrSvg: string; secret: string }> {
  const qrSvg = await QRCode.toString(totpUri(operator.name, email, secret), { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { qrSvg, secret: groupedSecret(secret) };
}
