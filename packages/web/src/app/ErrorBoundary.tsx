// A failure inside one workbench shows a message and a way back instead of a blank page.

import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { error: Error | null }
> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title="页面出错 / Something went wrong"
        subTitle={this.state.error.message}
        extra={<Button onClick={() => window.location.reload()}>重新加载 / Reload</Button>}
      />
    );
  }
}
