import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Loading, PublicLayoutFrame, PublicLayout } from './components/Layout';
import { ActivityPage } from './features/activity/ActivityPage';
import { LinkAadhaarPage } from './features/aadhaar/LinkAadhaarPage';
import { AppShell } from './features/dashboard/AppShell';
import { ReceiverPage } from './features/shares/ReceiverPage';
import { SharedPage } from './features/shares/SharedPage';
import { DevToolsPage } from './features/dev/DevToolsPage';
import { ForgotPinPage } from './features/forgot-pin/ForgotPinPage';
import { InboxPage } from './features/inbox/InboxPage';
import { DocumentPage } from './features/documents/DocumentPage';
import { IssuedPage } from './features/documents/IssuedPage';
import { LandingPage } from './features/landing/LandingPage';
import { NotFoundPage } from './features/not-found/NotFoundPage';
import { ProfilePage } from './features/profile/ProfilePage';
import { PullPage } from './features/pull/PullPage';
import { SessionsPage } from './features/sessions/SessionsPage';
import { ConsentPage } from './features/consents/ConsentPage';
import { ConsentsPage } from './features/consents/ConsentsPage';
import { SignInPage } from './features/sign-in/SignInPage';
import { SignUpPage } from './features/sign-up/SignUpPage';
import { VerifyPage } from './features/verify/VerifyPage';
import { I18nProvider } from './i18n/I18nProvider';
import { RequireSession } from './session/RequireSession';
import { SessionProvider } from './session/SessionProvider';

const ConsoleRoutes = lazy(() => import('./features/console/ConsoleRoutes'));
// The drive (uploads, the photo editor, eSign) loads when opened: a first visit on a slow phone
// fetches only what the landing page and the locker need.
const UploadedPage = lazy(() => import('./features/uploads/UploadedPage').then((m) => ({ default: m.UploadedPage })));

function ConsoleLoading() {
  return (
    <PublicLayoutFrame>
      <Loading />
    </PublicLayoutFrame>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<PublicLayout />}>
              <Route index element={<LandingPage />} />
              <Route path="sign-up" element={<SignUpPage />} />
              <Route path="sign-in" element={<SignInPage />} />
              <Route path="forgot-pin" element={<ForgotPinPage />} />
              <Route path="verify" element={<VerifyPage />} />
              <Route path="s/:token" element={<ReceiverPage />} />
              <Route path="dev/outbox" element={<DevToolsPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
            <Route
              path="app"
              element={
                <RequireSession>
                  <AppShell />
                </RequireSession>
              }
            >
              <Route index element={<IssuedPage />} />
              <Route path="documents/:uri" element={<DocumentPage />} />
              <Route path="pull" element={<PullPage />} />
              <Route
                path="uploaded"
                element={
                  <Suspense fallback={<Loading />}>
                    <UploadedPage />
                  </Suspense>
                }
              />
              <Route path="shared" element={<SharedPage />} />
              <Route path="inbox" element={<InboxPage />} />
              <Route path="activity" element={<ActivityPage />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route path="aadhaar" element={<LinkAadhaarPage />} />
              <Route path="sessions" element={<SessionsPage />} />
              <Route path="consent/:id" element={<ConsentPage />} />
              <Route path="consents" element={<ConsentsPage />} />
              <Route path="*" element={<NotFoundPage home="/app" />} />
            </Route>
            <Route
              path="console/*"
              element={
                <Suspense fallback={<ConsoleLoading />}>
                  <ConsoleRoutes />
                </Suspense>
              }
            />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}
