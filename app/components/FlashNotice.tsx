import { useLocation, useRouteLoaderData } from "@remix-run/react";
import { useT, type MessageKey } from "~/i18n";

interface RootFlash {
  flash?: { key: string; values?: Record<string, string>; path: string } | null;
}

/**
 * The notice of the change just made (app/lib/flash.server.ts), shown once where the page puts it;
 * role="status" so a screen reader announces it without moving focus. Only on the page the notice
 * was meant for: the root's data keeps it while the visitor moves on to other pages.
 */
export function FlashNotice() {
  const t = useT();
  const flash = useRouteLoaderData<RootFlash>("root")?.flash;
  const { pathname } = useLocation();
  if (!flash || flash.path !== pathname) return null;
  return (
    <p className="notice" role="status">
      {t(flash.key as MessageKey, flash.values)}
    </p>
  );
}
