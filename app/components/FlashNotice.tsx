import { useRouteLoaderData } from "@remix-run/react";
import { useT, type MessageKey } from "~/i18n";

interface RootFlash {
  flash?: { key: string; values?: Record<string, string> } | null;
}

/**
 * The notice of the change just made (app/lib/flash.server.ts), shown once where the page puts it;
 * role="status" so a screen reader announces it without moving focus.
 */
export function FlashNotice() {
  const t = useT();
  const flash = useRouteLoaderData<RootFlash>("root")?.flash;
  if (!flash) return null;
  return (
    <p className="notice" role="status">
      {t(flash.key as MessageKey, flash.values)}
    </p>
  );
}
