import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert } from '../ui/Alert';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Keeps a crash in one page from blanking the whole dashboard. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Page crashed', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <Alert tone="danger" title="This page failed to render" live>
          <p>{this.state.error.message}</p>
          <p className="mt-1">Reload the page; if it keeps happening, report it with the steps that led here.</p>
        </Alert>
      );
    }
    return this.props.children;
  }
}
