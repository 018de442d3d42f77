import { useEffect } from "react";
import { AuthProvider, useAuth } from "./auth/AuthContext";
import { ErrorMessage } from "./components/ErrorMessage";
import { Header } from "./components/Header";
import { Spinner } from "./components/Spinner";
import { navigate, useLocation } from "./lib/router";
import { matchRoute, paths, PUBLIC_ROUTES, type Route } from "./lib/routes";
import { AccountPage } from "./pages/accounts/AccountPage";
import { ForgotPasswordPage } from "./pages/accounts/ForgotPasswordPage";
import { PeoplePage } from "./pages/accounts/PeoplePage";
import { ResetPasswordPage } from "./pages/accounts/ResetPasswordPage";
import { SignupPage } from "./pages/accounts/SignupPage";
import { VerifyEmailPage } from "./pages/accounts/VerifyEmailPage";
import { VerifyEmailBanner } from "./components/VerifyEmailBanner";
import { AssetPage } from "./pages/AssetPage";
import { DatasetsPage } from "./pages/datasets/DatasetsPage";
import { LabelPage } from "./pages/label/LabelPage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { InvitationsPage } from "./pages/InvitationsPage";
import { ProjectListPage } from "./pages/ProjectListPage";
import { ProjectPage } from "./pages/ProjectPage";
import { ProjectSettingsPage } from "./pages/ProjectSettingsPage";
import { ReviewPage } from "./pages/review/ReviewPage";
import { SequencePage } from "./sequences/SequencePage";
import { StatsPage } from "./pages/stats/StatsPage";

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}

function Shell() {
  const { user, error } = useAuth();
  const location = useLocation();
  const route = matchRoute(location.pathname);
  const needsLogin = !PUBLIC_ROUTES.has(route.name) && user === null;

  useEffect(() => {
    if (needsLogin) navigate(paths.login(location.href), { replace: true });
  }, [needsLogin, location.href]);

  if (route.name === "login") return <LoginPage />;
  if (route.name === "signup") return <SignupPage />;
  if (route.name === "forgotPassword") return <ForgotPasswordPage />;
  if (route.name === "resetPassword") return <ResetPasswordPage />;
  if (route.name === "verifyEmail") return <VerifyEmailPage />;
  if (user === undefined || needsLogin) {
    return (
      <div className="boot">
        {error ? <ErrorMessage error={error} /> : <Spinner />}
      </div>
    );
  }
  return (
    <div className="app">
      <Header />
      <VerifyEmailBanner />
      <main className="app-main">
        <Page route={route} />
      </main>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case "projects":
      return <ProjectListPage />;
    case "invitations":
      return <InvitationsPage />;
    case "account":
      return <AccountPage />;
    case "people":
      return <PeoplePage />;
    case "project":
      return <ProjectPage key={route.projectId} projectId={route.projectId} />;
    case "projectSettings":
      return <ProjectSettingsPage key={route.projectId} projectId={route.projectId} />;
    case "asset":
      return <AssetPage key={route.assetId} projectId={route.projectId} assetId={route.assetId} />;
    case "label":
      return <LabelPage key={`${route.projectId}/${route.assetId}`} projectId={route.projectId} assetId={route.assetId} />;
    case "sequence":
      return <SequencePage key={`${route.projectId}/${route.sequenceId}`} projectId={route.projectId} sequenceId={route.sequenceId} />;
    case "review":
      return <ReviewPage key={route.projectId} projectId={route.projectId} />;
    case "stats":
      return <StatsPage key={route.projectId} projectId={route.projectId} />;
    case "datasets":
      return <DatasetsPage key={route.projectId} projectId={route.projectId} />;
    case "login":
    case "signup":
    case "forgotPassword":
    case "resetPassword":
    case "verifyEmail":
    case "notFound":
      return <NotFoundPage />;
  }
}
